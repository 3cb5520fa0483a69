import type { RequestContext } from '../../common/index.js';
import { SealdeskError } from '../../errors/index.js';
import { findTenant } from '../../store/index.js';
import { enforce, type EnforcementDeps } from '../enforce.js';
import type { Principal } from '../principal.js';
import { loadAccessPolicy, type StoredAccessPolicy } from './load-access-policy.js';

/** The tenant's access policy (the default until one is set), with its version. */
export async function getAccessPolicy(deps: EnforcementDeps, principal: Principal, request: RequestContext, tenantId: string): Promise<StoredAccessPolicy> {
  if (!(await findTenant(deps.db, tenantId))) throw new SealdeskError('not_found');
  await enforce(deps, { principal, action: 'access-policy.read', resource: { tenantId }, request, audit: { action: 'access-policy.read' } });
  return loadAccessPolicy(deps.db, tenantId);
}
