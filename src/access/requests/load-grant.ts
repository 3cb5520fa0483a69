import { SealdeskError } from '../../errors/index.js';
import { findAccessGrant, findAccessGrantTenant, listAccessApprovals, type AccessGrantRow } from '../../store/index.js';
import type { EnforcementDeps } from '../enforce.js';
import type { Grant } from '../grants/grant.js';
import { grantFromRow } from '../grants/grant-record.js';

/** A request named by id alone, with its stored row; `not_found` when there is none. */
export async function loadGrant(deps: Pick<EnforcementDeps, 'db'>, grantId: string): Promise<{ grant: Grant; row: AccessGrantRow }> {
  const tenantId = await findAccessGrantTenant(deps.db, grantId);
  const row = tenantId === undefined ? undefined : await findAccessGrant(deps.db, tenantId, grantId);
  if (!row) throw new SealdeskError('not_found');
  return { grant: grantFromRow(row, await listAccessApprovals(deps.db, row.tenant_id, [row.id])), row };
}
