import { enforce, type Principal } from '../access/index.js';
import { newId, type RequestContext } from '../common/index.js';
import { appendMessage } from '../store/index.js';
import { messageBodyBinding } from './bindings.js';
import { conversationFacts } from './conversation-facts.js';
import { locateConversation } from './locate-conversation.js';
import type { VaultDeps } from './vault-deps.js';

/** Appends a sealed message to a conversation the principal may write to (grants only read). */
export async function addMessage(
  deps: VaultDeps,
  principal: Principal,
  request: RequestContext,
  conversationId: string,
  input: { readonly body: string },
): Promise<{ id: string }> {
  const conversation = await locateConversation(deps, conversationId);
  const tenantId = conversation.tenant_id;
  const id = newId('message');
  const { justification } = await enforce(deps, {
    principal,
    action: 'message.create',
    resource: { tenantId, conversation: conversationFacts(conversation) },
    request,
    audit: { action: 'message.created', conversation: conversationId, fields: ['messages.body'] },
  });
  const bodyEnc = await deps.keyRing.seal(input.body, messageBodyBinding(tenantId, id, conversation.contact_id), justification);
  await deps.db.transaction().execute((trx) =>
    appendMessage(trx, {
      id,
      tenant_id: tenantId,
      conversation_id: conversationId,
      author_kind: principal.kind,
      author_id: principal.id,
      body_enc: bodyEnc,
      created_at: deps.clock.now().toISOString(),
    }),
  );
  return { id };
}
