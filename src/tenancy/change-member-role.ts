import { enforce, issueApiKey, revokeHeldGrants, type Principal, type TenantRole } from '../access/index.js';
import type { RequestContext } from '../common/index.js';
import { SealdeskError } from '../errors/index.js';
import { countActiveOwners, findActiveMember, findTenant, insertApiKey, listOpenAccessGrantsOf, revokeApiKeysOf, setMemberRole } from '../store/index.js';
import type { TenancyDeps } from './tenancy-deps.js';

export interface ChangedRole {
  readonly id: string;
  readonly role: TenantRole;
  /** The member's new API key, shown once: every earlier key stopped working. */
  readonly apiKey: string;
  readonly revokedGrants: number;
}

/**
 * Changes a member's role (the owner: any; an admin: not to or from owner; never the last
 * owner away from owner). Their standing ends with the old role at once: every API key is
 * revoked and a new one issued, and every open request and live grant they hold is revoked.
 */
export async function changeMemberRole(
  deps: TenancyDeps,
  principal: Principal,
  request: RequestContext,
  tenantId: string,
  memberId: string,
  role: TenantRole,
): Promise<ChangedRole> {
  if (!(await findTenant(deps.db, tenantId))) throw new SealdeskError('not_found');
  const member = await findActiveMember(deps.db, tenantId, memberId);
  if (!member) throw new SealdeskError('not_found');
  await enforce(deps, {
    principal,
    action: 'member.manage',
    resource: { tenantId, member: { role: member.role, newRole: role } },
    request,
    audit: { action: 'member.role-changed', member: memberId, details: { from: member.role, to: role } },
  });
  if (member.role === role) throw new SealdeskError('conflict', { userMessage: 'The member already has this role.' });
  if (member.role === 'owner' && (await countActiveOwners(deps.db, tenantId)) <= 1) {
    throw new SealdeskError('conflict', { userMessage: 'A tenant keeps at least one owner.' });
  }
  const revokedGrants = await revokeHeldGrants(deps, principal, request, await listOpenAccessGrantsOf(deps.db, tenantId, memberId), 'member-role-changed');
  const key = issueApiKey();
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await setMemberRole(trx, tenantId, memberId, role);
    await revokeApiKeysOf(trx, memberId, now);
    await insertApiKey(trx, { id: key.id, member_id: memberId, secret_hash: key.secretHash, created_at: now, revoked_at: null });
  });
  return { id: memberId, role, apiKey: key.token, revokedGrants };
}
