import type { RequestContext } from '../../common/index.js';
import { SealdeskError } from '../../errors/index.js';
import { findTenant, listAccessApprovals, listAccessGrants } from '../../store/index.js';
import { enforce } from '../enforce.js';
import type { GrantStatus } from '../grants/grant.js';
import { grantFromRow } from '../grants/grant-record.js';
import { loadAccessPolicy } from '../policy/load-access-policy.js';
import type { Principal } from '../principal.js';
import type { AccessDeps } from './access-deps.js';
import { grantView, type GrantView } from './grant-view.js';

export const MAX_ACCESS_REQUEST_PAGE = 200;

export interface AccessRequestFilter {
  /** Status as of now (a lapsed request counts as `expired` even before anything writes it). */
  readonly status?: GrantStatus | undefined;
  /** Only break-glass grants still awaiting their post-incident review. */
  readonly unreviewedBreakGlass?: boolean | undefined;
  readonly limit: number;
}

/** A tenant's access requests and grants, newest first, for its owner, admins, managers, security officers and auditors. */
export async function listAccessRequests(
  deps: AccessDeps,
  principal: Principal,
  request: RequestContext,
  tenantId: string,
  filter: AccessRequestFilter,
): Promise<GrantView[]> {
  if (!(await findTenant(deps.db, tenantId))) throw new SealdeskError('not_found');
  await enforce(deps, { principal, action: 'access-request.list', resource: { tenantId }, request, audit: { action: 'access-request.listed' } });
  const stored = filter.status === undefined || filter.status === 'expired' ? undefined : filter.status;
  const rows = await listAccessGrants(deps.db, tenantId, {
    status: stored,
    unreviewedBreakGlass: filter.unreviewedBreakGlass,
    limit: Math.min(filter.limit, MAX_ACCESS_REQUEST_PAGE),
  });
  const approvals = await listAccessApprovals(deps.db, tenantId, rows.map((row) => row.id));
  const { policy } = await loadAccessPolicy(deps.db, tenantId);
  const now = deps.clock.now();
  return rows
    .map((row) => grantView(grantFromRow(row, approvals), row.purpose, policy, now))
    .filter((view) => filter.status === undefined || view.status === filter.status);
}
