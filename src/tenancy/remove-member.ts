import { enforce, revokeHeldGrants, type Principal } from '../access/index.js';
import type { RequestContext } from '../common/index.js';
import { SealdeskError } from '../errors/index.js';
import {
  countActiveOwners,
  deleteTeamMember,
  findActiveMember,
  findTenant,
  listOpenAccessGrantsOf,
  markMemberRemoved,
  revokeApiKeysOf,
} from '../store/index.js';
import type { TenancyDeps } from './tenancy-deps.js';

/**
 * Removes a member from a tenant (the owner: anyone but the last owner; an admin: anyone but an
 * owner). At once: every API key is revoked, every open request and live grant they hold is
 * revoked, and they leave every team, so no credential or queue keeps their access alive.
 */
export async function removeMember(
  deps: TenancyDeps,
  principal: Principal,
  request: RequestContext,
  tenantId: string,
  memberId: string,
): Promise<{ id: string; removed: true; revokedApiKeys: number; revokedGrants: number }> {
  if (!(await findTenant(deps.db, tenantId))) throw new SealdeskError('not_found');
  const member = await findActiveMember(deps.db, tenantId, memberId);
  if (!member) throw new SealdeskError('not_found');
  await enforce(deps, {
    principal,
    action: 'member.manage',
    resource: { tenantId, member: { role: member.role, newRole: null } },
    request,
    audit: { action: 'member.removed', member: memberId, details: { role: member.role } },
  });
  if (member.role === 'owner' && (await countActiveOwners(deps.db, tenantId)) <= 1) {
    throw new SealdeskError('conflict', { userMessage: 'A tenant keeps at least one owner.' });
  }
  const revokedGrants = await revokeHeldGrants(deps, principal, request, await listOpenAccessGrantsOf(deps.db, tenantId, memberId), 'member-removed');
  const now = deps.clock.now().toISOString();
  const revokedApiKeys = await deps.db.transaction().execute(async (trx) => {
    await markMemberRemoved(trx, tenantId, memberId, now);
    await deleteTeamMember(trx, tenantId, memberId);
    return revokeApiKeysOf(trx, memberId, now);
  });
  return { id: memberId, removed: true, revokedApiKeys, revokedGrants };
}
