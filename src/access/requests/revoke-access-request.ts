import type { RequestContext } from '../../common/index.js';
import { SealdeskError } from '../../errors/index.js';
import { updateAccessGrant } from '../../store/index.js';
import { enforce } from '../enforce.js';
import { grantStatusColumns } from '../grants/grant-record.js';
import { revokeGrant } from '../grants/revoke-grant.js';
import { loadAccessPolicy } from '../policy/load-access-policy.js';
import type { Principal } from '../principal.js';
import type { AccessDeps } from './access-deps.js';
import { grantView, type GrantView } from './grant-view.js';
import { loadGrant } from './load-grant.js';
import { settleAndRecord } from './settle-and-record.js';

/**
 * Ends a pending request or a live grant at once. The requester may withdraw their own; the
 * tenant's owner, admin and security officers may revoke any. The next decision that would have
 * used it no longer does.
 */
export async function revokeAccessRequest(deps: AccessDeps, principal: Principal, request: RequestContext, grantId: string): Promise<GrantView> {
  const loaded = await loadGrant(deps, grantId);
  const grant = await settleAndRecord(deps, loaded.grant, request);
  await enforce(deps, {
    principal,
    action: 'access-request.revoke',
    resource: { tenantId: grant.tenantId, grant },
    request,
    audit: { action: 'access-request.revoked', grant: grant.id, ticket: grant.ticket },
  });
  const now = deps.clock.now();
  const revoked = revokeGrant(grant, principal.id, now);
  if (!(await updateAccessGrant(deps.db, grant.tenantId, grant.id, grant.status, grantStatusColumns(revoked)))) {
    throw new SealdeskError('grant_state_conflict', { detail: `request ${grant.id} changed while being revoked` });
  }
  const { policy } = await loadAccessPolicy(deps.db, grant.tenantId);
  return grantView(revoked, loaded.row.purpose, policy, now);
}
