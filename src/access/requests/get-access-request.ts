import type { RequestContext } from '../../common/index.js';
import { enforce } from '../enforce.js';
import { loadAccessPolicy } from '../policy/load-access-policy.js';
import type { Principal } from '../principal.js';
import type { AccessDeps } from './access-deps.js';
import { grantView, type GrantView } from './grant-view.js';
import { loadGrant } from './load-grant.js';

/** One request as of now (status, approvals, remaining time), for its requester and the tenant's reviewers. */
export async function getAccessRequest(deps: AccessDeps, principal: Principal, request: RequestContext, grantId: string): Promise<GrantView> {
  const { grant, row } = await loadGrant(deps, grantId);
  await enforce(deps, {
    principal,
    action: 'access-request.inspect',
    resource: { tenantId: grant.tenantId, grant },
    request,
    audit: { action: 'access-request.inspected', grant: grant.id, ticket: grant.ticket },
  });
  const { policy } = await loadAccessPolicy(deps.db, grant.tenantId);
  return grantView(grant, row.purpose, policy, deps.clock.now());
}
