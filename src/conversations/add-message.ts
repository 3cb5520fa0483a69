import { enforce, type Principal } from '../access/index.js';
import { newId, type RequestContext } from '../common/index.js';
import { SealdeskError } from '../errors/index.js';
import { appendMessage, findConversation, moveConversationStatus } from '../store/index.js';
import { messageBodyBinding } from './bindings.js';
import { conversationFacts } from './conversation-facts.js';
import { statusAfterMessage, type ConversationStatus } from './conversation-status.js';
import { locateConversation } from './locate-conversation.js';
import type { VaultDeps } from './vault-deps.js';

/** The message added, and where the conversation stands after it. */
export interface AddedMessage {
  readonly id: string;
  readonly status: ConversationStatus;
}

/**
 * Appends a sealed message to a conversation the principal may write to (grants only read) and
 * moves the conversation on: a customer's message to the assistant (`open`) or to the human
 * already on it, or — a confirmation after an answer — to `resolved` (audited as the customer
 * resolving it); a member's message to `answered_by_human`.
 */
export async function addMessage(
  deps: VaultDeps,
  principal: Principal,
  request: RequestContext,
  conversationId: string,
  input: { readonly body: string },
): Promise<AddedMessage> {
  const conversation = await locateConversation(deps, conversationId);
  const tenantId = conversation.tenant_id;
  const id = newId('message');
  const resource = { tenantId, conversation: conversationFacts(conversation) };
  const { justification } = await enforce(deps, {
    principal,
    action: 'message.create',
    resource,
    request,
    audit: { action: 'message.created', conversation: conversationId, fields: ['messages.body'] },
  });
  const author = principal.kind === 'contact' ? 'customer' : 'member';
  const confirms = statusAfterMessage(conversation.status, author, input.body).resolvedByCustomer;
  if (confirms) {
    await enforce(deps, {
      principal,
      action: 'conversation.resolve',
      resource,
      request,
      audit: { action: 'conversation.resolved', conversation: conversationId, details: { by: 'customer-confirmation' } },
    });
  }
  const bodyEnc = await deps.keyRing.seal(input.body, messageBodyBinding(tenantId, id, conversation.contact_id), justification);
  const status = await deps.db.transaction().execute(async (trx) => {
    const createdAt = deps.clock.now().toISOString();
    // The append locks the conversation's row, so the status read next is the one to move from.
    await appendMessage(trx, {
      id,
      tenant_id: tenantId,
      conversation_id: conversationId,
      author_kind: principal.kind,
      author_id: principal.id,
      body_enc: bodyEnc,
      created_at: createdAt,
    });
    const current = (await findConversation(trx, tenantId, conversationId))?.status;
    if (current === undefined) throw new SealdeskError('not_found');
    // Only the confirmation already recorded as resolving may resolve it.
    const next = statusAfterMessage(current, author, confirms ? input.body : '').status;
    if (next !== current) await moveConversationStatus(trx, tenantId, conversationId, { from: current, to: next, now: createdAt });
    return next;
  });
  return { id, status };
}
