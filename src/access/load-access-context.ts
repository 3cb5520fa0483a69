import type { Kysely } from 'kysely';
import { listAccessApprovals, listLiveAccessGrantsOf, listTeamIdsOf, type Database } from '../store/index.js';
import type { AccessContext } from './access-context.js';
import { grantFromRow } from './grants/grant-record.js';
import { DEFAULT_ACCESS_POLICY } from './policy/access-policy.js';
import { loadAccessPolicy } from './policy/load-access-policy.js';
import type { Principal } from './principal.js';

/**
 * Loads what `authorize` needs about `principal` on `tenantId` at `now`: the tenant's policy, the
 * principal's live grants there (members and operator staff) and their teams (members). Without
 * a tenant there is nothing to load: no grants, no teams, the default policy.
 */
export async function loadAccessContext(
  db: Kysely<Database>,
  principal: Principal,
  tenantId: string | undefined,
  now: Date,
): Promise<AccessContext> {
  if (tenantId === undefined) return { now, policy: DEFAULT_ACCESS_POLICY, grants: [], teamIds: [] };
  const holdsGrants = principal.kind === 'member' || principal.kind === 'operator';
  const [stored, rows, teamIds] = await Promise.all([
    loadAccessPolicy(db, tenantId),
    holdsGrants ? listLiveAccessGrantsOf(db, tenantId, principal.id, now.toISOString()) : Promise.resolve([]),
    principal.kind === 'member' && principal.tenantId === tenantId ? listTeamIdsOf(db, tenantId, principal.id) : Promise.resolve([]),
  ]);
  const approvals = await listAccessApprovals(db, tenantId, rows.map((row) => row.id));
  return { now, policy: stored.policy, grants: rows.map((row) => grantFromRow(row, approvals)), teamIds };
}
