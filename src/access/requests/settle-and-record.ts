import type { RequestContext } from '../../common/index.js';
import { updateAccessGrant } from '../../store/index.js';
import type { EnforcementDeps } from '../enforce.js';
import type { Grant } from '../grants/grant.js';
import { grantStatusColumns } from '../grants/grant-record.js';
import { settleGrant } from '../grants/settle-grant.js';
import type { Principal } from '../principal.js';
import { recordAccessEvent } from '../record-access-event.js';

/** The principal expiry is recorded under: nobody acted, a deadline passed. */
export const EXPIRY: Principal = { kind: 'system', id: 'system', job: 'grant-expiry' };

/**
 * Settles a grant at the clock's time (see `settleGrant`) and, when that expired it, records
 * `access-request.expired` and writes the new status down. Returns the settled grant.
 */
export async function settleAndRecord(deps: EnforcementDeps, grant: Grant, request: RequestContext): Promise<Grant> {
  const settled = settleGrant(grant, deps.clock.now());
  if (settled.status === grant.status) return grant;
  await recordAccessEvent(deps, EXPIRY, request, {
    action: 'access-request.expired',
    tenantId: grant.tenantId,
    outcome: 'allowed',
    rule: grant.status === 'pending' ? 'request-lapsed' : 'grant-deadline',
    grant: grant.id,
    ticket: grant.ticket,
  });
  await updateAccessGrant(deps.db, grant.tenantId, grant.id, grant.status, grantStatusColumns(settled));
  return settled;
}
