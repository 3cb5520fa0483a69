import { enforce, type Principal } from '../access/index.js';
import type { RequestContext } from '../common/index.js';
import { SealdeskError } from '../errors/index.js';
import { findActiveMember, findTeam, setAssignee, setConversationTeam } from '../store/index.js';
import { conversationFacts } from './conversation-facts.js';
import { locateConversation } from './locate-conversation.js';
import type { VaultDeps } from './vault-deps.js';

/** Roles that can work a conversation, and so be assigned one. */
const ASSIGNABLE_ROLES = new Set(['owner', 'admin', 'manager', 'agent']);

/** Where to put a conversation: with a member, in a team's queue (null: out of any), or both. */
export interface Assignment {
  readonly memberId?: string | undefined;
  readonly teamId?: string | null | undefined;
}

/**
 * Assigns a conversation to a member of its tenant who handles conversations and/or puts it in a
 * team's queue; the assignee and the team's members may then read and write it.
 */
export async function assignConversation(
  deps: VaultDeps,
  principal: Principal,
  request: RequestContext,
  conversationId: string,
  assignment: Assignment,
): Promise<{ assigneeId: string | null; teamId: string | null }> {
  const conversation = await locateConversation(deps, conversationId);
  const tenantId = conversation.tenant_id;
  const { memberId, teamId } = assignment;
  await enforce(deps, {
    principal,
    action: 'conversation.assign',
    resource: { tenantId, conversation: conversationFacts(conversation) },
    request,
    audit: {
      action: memberId === undefined ? 'conversation.queued' : 'conversation.assigned',
      conversation: conversationId,
      member: memberId,
      ...(typeof teamId === 'string' && { details: { team: teamId } }),
    },
  });
  if (memberId !== undefined) {
    const assignee = await findActiveMember(deps.db, tenantId, memberId);
    if (!assignee || !ASSIGNABLE_ROLES.has(assignee.role)) {
      throw new SealdeskError('invalid_request', { userMessage: 'The assignee must be an owner, admin, manager or agent of this tenant.' });
    }
  }
  if (typeof teamId === 'string' && !(await findTeam(deps.db, tenantId, teamId))) {
    throw new SealdeskError('invalid_request', { userMessage: 'The team must be one of this tenant\'s teams.' });
  }
  const now = deps.clock.now().toISOString();
  if (memberId !== undefined) await setAssignee(deps.db, tenantId, conversationId, memberId, now);
  if (teamId !== undefined) await setConversationTeam(deps.db, tenantId, conversationId, teamId, now);
  return { assigneeId: memberId ?? conversation.assignee_id, teamId: teamId === undefined ? conversation.team_id : teamId };
}
