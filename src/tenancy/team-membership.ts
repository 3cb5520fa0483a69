import { enforce, type Principal } from '../access/index.js';
import type { RequestContext } from '../common/index.js';
import { SealdeskError } from '../errors/index.js';
import { deleteTeamMember, findActiveMember, findTeam, findTenant, insertTeamMember, listTeamMemberIds } from '../store/index.js';
import type { TenancyDeps } from './tenancy-deps.js';

/** Roles that work conversations, and so may be in a team. */
const TEAM_ROLES = new Set(['owner', 'admin', 'manager', 'agent']);

/**
 * Adds a member who works conversations to a team, or removes them (owner, admin or manager).
 * Joining gives them the team queue's conversations; leaving takes them away at once.
 */
export async function setTeamMembership(
  deps: TenancyDeps,
  principal: Principal,
  request: RequestContext,
  target: { readonly tenantId: string; readonly teamId: string; readonly memberId: string },
  member: boolean,
): Promise<{ id: string; memberIds: string[] }> {
  const { tenantId, teamId, memberId } = target;
  if (!(await findTenant(deps.db, tenantId)) || !(await findTeam(deps.db, tenantId, teamId))) throw new SealdeskError('not_found');
  await enforce(deps, {
    principal,
    action: 'team.manage',
    resource: { tenantId },
    request,
    audit: { action: member ? 'team.member-added' : 'team.member-removed', member: memberId, details: { team: teamId } },
  });
  const found = await findActiveMember(deps.db, tenantId, memberId);
  if (member && (!found || !TEAM_ROLES.has(found.role))) {
    throw new SealdeskError('invalid_request', { userMessage: 'A team member must be an owner, admin, manager or agent of this tenant.' });
  }
  if (member) await insertTeamMember(deps.db, tenantId, teamId, memberId, deps.clock.now().toISOString());
  else await deleteTeamMember(deps.db, tenantId, memberId, teamId);
  return { id: teamId, memberIds: await listTeamMemberIds(deps.db, tenantId, teamId) };
}
