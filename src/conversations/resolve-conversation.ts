import { enforce, type Principal } from '../access/index.js';
import type { RequestContext } from '../common/index.js';
import { moveConversationStatus } from '../store/index.js';
import { conversationFacts } from './conversation-facts.js';
import { locateConversation } from './locate-conversation.js';
import type { VaultDeps } from './vault-deps.js';

/** How often a resolve retries when the conversation moves under it. */
const RESOLVE_ATTEMPTS = 3;

/**
 * Marks a conversation resolved (a member who works it, or its contact). Resolving a resolved
 * conversation changes nothing; the customer's next message opens it again.
 */
export async function resolveConversation(
  deps: VaultDeps,
  principal: Principal,
  request: RequestContext,
  conversationId: string,
): Promise<{ status: 'resolved' }> {
  let conversation = await locateConversation(deps, conversationId);
  await enforce(deps, {
    principal,
    action: 'conversation.resolve',
    resource: { tenantId: conversation.tenant_id, conversation: conversationFacts(conversation) },
    request,
    audit: { action: 'conversation.resolved', conversation: conversationId },
  });
  for (let attempt = 1; conversation.status !== 'resolved'; attempt++) {
    const change = { from: conversation.status, to: 'resolved', now: deps.clock.now().toISOString() };
    if (await moveConversationStatus(deps.db, conversation.tenant_id, conversationId, change)) break;
    if (attempt === RESOLVE_ATTEMPTS) throw new Error(`conversation ${conversationId} kept changing while being resolved`);
    conversation = await locateConversation(deps, conversationId);
  }
  return { status: 'resolved' };
}
