import { enforce, type Principal } from '../access/index.js';
import type { RequestContext } from '../common/index.js';
import { SealdeskError } from '../errors/index.js';
import { claimConversationFor } from '../store/index.js';
import { conversationFacts } from './conversation-facts.js';
import { locateConversation } from './locate-conversation.js';
import type { VaultDeps } from './vault-deps.js';

/**
 * A member takes a conversation from their queue: it is assigned to them and, if the assistant
 * was still on it, waits for them instead (the assistant no longer reads or answers it).
 * Claiming one's own conversation again changes nothing; one claimed by someone else is
 * `already_claimed`, a resolved one `conversation_resolved`.
 */
export async function claimConversation(
  deps: VaultDeps,
  principal: Principal,
  request: RequestContext,
  conversationId: string,
): Promise<{ assigneeId: string; status: string }> {
  const conversation = await locateConversation(deps, conversationId);
  const tenantId = conversation.tenant_id;
  await enforce(deps, {
    principal,
    action: 'conversation.claim',
    resource: { tenantId, conversation: conversationFacts(conversation) },
    request,
    audit: { action: 'conversation.claimed', conversation: conversationId, member: principal.id },
  });
  if (conversation.status === 'resolved') throw new SealdeskError('conversation_resolved');
  if (conversation.assignee_id !== null && conversation.assignee_id !== principal.id) throw new SealdeskError('already_claimed');
  const status = statusOnClaim(conversation.status);
  const claimed = await claimConversationFor(deps.db, tenantId, conversationId, {
    memberId: principal.id,
    from: conversation.status,
    status,
    now: deps.clock.now().toISOString(),
  });
  // Someone claimed, resolved or wrote in between: the caller looks again.
  if (!claimed) throw new SealdeskError('already_claimed', { detail: 'the conversation changed while being claimed' });
  return { assigneeId: principal.id, status };
}

function statusOnClaim(status: string): string {
  return status === 'open' || status === 'answered_by_ai' ? 'waiting_for_human' : status;
}
