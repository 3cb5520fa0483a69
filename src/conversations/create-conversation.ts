import { enforce, type Principal } from '../access/index.js';
import { newId, type RequestContext } from '../common/index.js';
import { SealdeskError } from '../errors/index.js';
import { appendMessage, findContactByEmailIndex, findTenant, insertConversation } from '../store/index.js';
import { messageBodyBinding } from './bindings.js';
import { type ConversationStatus } from './conversation-status.js';
import { contactEmailIndex, findOrInsertContact, sealContact, type ContactDetails, type SealedContact } from './contacts.js';
import type { VaultDeps } from './vault-deps.js';

export interface NewConversation {
  /** Set by members and integrations; a widget contact is always the conversation's contact. */
  readonly contact?: ContactDetails | undefined;
  readonly message: { readonly body: string };
}

/**
 * Opens a conversation with its first message, sealed, on behalf of a member or a contact. A
 * contact's conversation waits for the assistant (`open`); one a member opens waits for a human.
 */
export async function createConversation(
  deps: VaultDeps,
  principal: Principal,
  context: RequestContext,
  tenantId: string,
  input: NewConversation,
): Promise<{ id: string; messageId: string; status: ConversationStatus }> {
  if (!(await findTenant(deps.db, tenantId))) throw new SealdeskError('not_found');
  if (principal.kind === 'contact' && input.contact !== undefined) {
    throw new SealdeskError('invalid_request', { userMessage: 'A widget session is already bound to its contact; omit "contact".' });
  }
  if (principal.kind !== 'contact' && input.contact === undefined) {
    throw new SealdeskError('invalid_request', { userMessage: '"contact" is required.' });
  }
  const id = newId('conversation');
  const messageId = newId('message');
  const { justification } = await enforce(deps, {
    principal,
    action: 'conversation.create',
    resource: { tenantId },
    request: context,
    audit: { action: 'conversation.created', conversation: id, fields: ['messages.body', 'contact.email', 'contact.name'] },
  });
  const now = deps.clock.now();
  const status: ConversationStatus = principal.kind === 'contact' ? 'open' : 'waiting_for_human';
  // The body is sealed to the contact it is about, so that contact must be known first: the
  // widget's own contact, an existing contact with the same e-mail, or a new one.
  const details = principal.kind === 'contact' ? undefined : (input.contact ?? {});
  const emailIndex = details?.email === undefined ? null : await contactEmailIndex(deps.keyRing, tenantId, details.email, justification);
  const existing = emailIndex === null ? undefined : await findContactByEmailIndex(deps.db, tenantId, emailIndex);
  const sealedContact = details !== undefined && existing === undefined ? await sealContact(deps.keyRing, tenantId, details, justification) : undefined;
  const contactId = principal.kind === 'contact' ? principal.id : (existing?.id ?? (sealedContact as SealedContact).id);
  const bodyEnc = await deps.keyRing.seal(input.message.body, messageBodyBinding(tenantId, messageId, contactId), justification);
  await deps.db.transaction().execute(async (trx) => {
    if (sealedContact !== undefined && (await findOrInsertContact(trx, tenantId, sealedContact, now)) !== contactId) {
      // Another request created a contact with this e-mail in between; the body is sealed to ours.
      throw new SealdeskError('conflict', { userMessage: 'The contact was created by a concurrent request; retry.' });
    }
    const createdAt = now.toISOString();
    await insertConversation(trx, {
      id,
      tenant_id: tenantId,
      contact_id: contactId,
      status,
      channel: principal.kind === 'contact' ? 'widget' : 'api',
      assignee_id: null,
      team_id: null,
      message_count: 0,
      created_at: createdAt,
      updated_at: createdAt,
    });
    await appendMessage(trx, {
      id: messageId,
      tenant_id: tenantId,
      conversation_id: id,
      author_kind: principal.kind === 'contact' ? 'contact' : 'member',
      author_id: principal.id,
      body_enc: bodyEnc,
      created_at: createdAt,
    });
  });
  return { id, messageId, status };
}
