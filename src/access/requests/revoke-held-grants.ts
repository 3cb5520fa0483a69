import type { RequestContext } from '../../common/index.js';
import { listAccessApprovals, updateAccessGrant, type AccessGrantRow } from '../../store/index.js';
import type { EnforcementDeps } from '../enforce.js';
import { grantFromRow, grantStatusColumns } from '../grants/grant-record.js';
import { revokeGrant } from '../grants/revoke-grant.js';
import type { Principal } from '../principal.js';
import { recordAccessEvent } from '../record-access-event.js';
import { settleAndRecord } from './settle-and-record.js';

/**
 * Ends, at once, every open request and live grant among `rows` (all of one tenant): each is
 * recorded as `access-request.revoked` under `rule` (e.g. `member-removed`), by `actor`, then
 * stored. Ones whose deadline has passed are recorded as expired instead. Returns how many it
 * revoked.
 */
export async function revokeHeldGrants(
  deps: EnforcementDeps,
  actor: Principal,
  request: RequestContext,
  rows: readonly AccessGrantRow[],
  rule: string,
): Promise<number> {
  let revoked = 0;
  for (const row of rows) {
    const grant = await settleAndRecord(deps, grantFromRow(row, await listAccessApprovals(deps.db, row.tenant_id, [row.id])), request);
    if (grant.status === 'expired') continue;
    const ended = revokeGrant(grant, actor.id, deps.clock.now());
    await recordAccessEvent(deps, actor, request, {
      action: 'access-request.revoked',
      tenantId: grant.tenantId,
      outcome: 'allowed',
      rule,
      grant: grant.id,
      ticket: grant.ticket,
    });
    if (await updateAccessGrant(deps.db, grant.tenantId, grant.id, grant.status, grantStatusColumns(ended))) revoked++;
  }
  return revoked;
}
