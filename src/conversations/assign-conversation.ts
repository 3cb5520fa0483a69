import { enforce, type Principal } from '../access/index.js';
import type { RequestContext } from '../common/index.js';
import { SealdeskError } from '../errors/index.js';
import { findActiveMember, setAssignee } from '../store/index.js';
import { locateConversation } from './locate-conversation.js';
import type { VaultDeps } from './vault-deps.js';

/** Roles that can work a conversation, and so be assigned one. */
const ASSIGNABLE_ROLES = new Set(['owner', 'admin', 'manager', 'agent']);

/** Assigns a conversation to a member of its tenant who handles conversations. */
export async function assignConversation(
  deps: VaultDeps,
  principal: Principal,
  context: RequestContext,
  conversationId: string,
  memberId: string,
): Promise<void> {
  const conversation = await locateConversation(deps, conversationId);
  const tenantId = conversation.tenant_id;
  await enforce(
    deps,
    principal,
    'conversation.assign',
    { tenantId, conversation: { contactId: conversation.contact_id, assigneeId: conversation.assignee_id } },
    context,
    { action: 'conversation.assigned', conversation: conversationId, member: memberId },
  );
  const assignee = await findActiveMember(deps.db, tenantId, memberId);
  if (!assignee || !ASSIGNABLE_ROLES.has(assignee.role)) {
    throw new SealdeskError('invalid_request', { userMessage: 'The assignee must be an owner, admin, manager or agent of this tenant.' });
  }
  await setAssignee(deps.db, tenantId, conversationId, memberId, deps.clock.now().toISOString());
}
