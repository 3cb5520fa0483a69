import { enforce, type AccessDecision, type AuditTarget, type Principal } from '../access/index.js';
import type { RequestContext } from '../common/index.js';
import { createPatternRedactor } from '../privacy/redactor.js';
import { conversationFacts } from './conversation-facts.js';
import { toMetadata, type ConversationView } from './conversation-views.js';
import { locateConversation } from './locate-conversation.js';
import { openConversationContent } from './open-conversation-content.js';
import type { VaultDeps } from './vault-deps.js';

const CONTENT_FIELDS = ['messages.body', 'contact.email', 'contact.name'] as const;

/**
 * The gate for reading a conversation: authorise, record the read (or the denial) in the
 * tenant's audit log, and only then decrypt. Answers the best view the caller may have — masked
 * for those who may see metadata only, redacted or full by role or grant — and says why. Callers
 * who may not even see metadata get `access_denied`; another tenant's conversation `not_found`.
 */
export async function readConversation(
  deps: VaultDeps,
  principal: Principal,
  request: RequestContext,
  conversationId: string,
): Promise<ConversationView> {
  const conversation = await locateConversation(deps, conversationId);
  const decision = await enforce(deps, {
    principal,
    action: 'conversation.read',
    resource: { tenantId: conversation.tenant_id, conversation: conversationFacts(conversation) },
    request,
    audit: (decided) => auditTarget(decided, conversation.id, conversation.contact_id),
  });
  const access = { rule: decision.rule, grantId: decision.grant?.id ?? null };
  const metadata = toMetadata(conversation);
  if (decision.view === 'redacted' || decision.view === 'full') {
    const redactor = decision.view === 'redacted' ? (deps.redactor ?? createPatternRedactor)() : undefined;
    return { ...metadata, view: decision.view, access, ...(await openConversationContent(deps, conversation, decision.justification, redactor)) };
  }
  return { ...metadata, view: 'masked', access };
}

function auditTarget(decision: AccessDecision, conversation: string, contact: string): AuditTarget {
  switch (decision.view) {
    case 'full':
      return { action: 'content.read', conversation, contact, fields: CONTENT_FIELDS };
    case 'redacted':
      return { action: 'content.read-redacted', conversation, contact, fields: CONTENT_FIELDS };
    default:
      return { action: decision.allow ? 'conversation.inspected' : 'content.read', conversation, contact };
  }
}
