import { enforce, type Principal } from '../access/index.js';
import type { RequestContext } from '../common/index.js';
import { findContact, listMessages } from '../store/index.js';
import { contactFieldBinding, messageBodyBinding } from './bindings.js';
import { toMetadata, type ConversationWithContent } from './conversation-views.js';
import { locateConversation } from './locate-conversation.js';
import type { VaultDeps } from './vault-deps.js';

const CONTENT_FIELDS = ['messages.body', 'contact.email', 'contact.name'] as const;

/**
 * The gate for content: authorise, record the read (or the denial) in the tenant's audit log,
 * and only then decrypt. A caller without content access gets `content_access_denied`.
 */
export async function readConversation(
  deps: VaultDeps,
  principal: Principal,
  context: RequestContext,
  conversationId: string,
): Promise<ConversationWithContent> {
  const conversation = await locateConversation(deps, conversationId);
  const tenantId = conversation.tenant_id;
  await enforce(
    deps,
    principal,
    'conversation.read',
    { tenantId, conversation: { contactId: conversation.contact_id, assigneeId: conversation.assignee_id } },
    context,
    { action: 'content.read', conversation: conversationId, contact: conversation.contact_id, fields: CONTENT_FIELDS },
  );
  const [contact, messages] = await Promise.all([
    findContact(deps.db, tenantId, conversation.contact_id),
    listMessages(deps.db, tenantId, conversationId),
  ]);
  const open = (envelope: Buffer | null | undefined, column: 'email' | 'name') =>
    envelope ? deps.keyRing.openText(envelope, contactFieldBinding(tenantId, conversation.contact_id, column)) : null;
  return {
    ...toMetadata(conversation),
    view: 'full',
    contact: { email: await open(contact?.email_enc, 'email'), name: await open(contact?.name_enc, 'name') },
    messages: await Promise.all(
      messages.map(async (message) => ({
        id: message.id,
        author: { kind: message.author_kind, id: message.author_id },
        body: await deps.keyRing.openText(message.body_enc, messageBodyBinding(tenantId, message.id)),
        createdAt: message.created_at,
      })),
    ),
  };
}
