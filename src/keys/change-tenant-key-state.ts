import { enforce, type Principal } from '../access/index.js';
import type { RequestContext } from '../common/index.js';
import { SealdeskError } from '../errors/index.js';
import { findTenant } from '../store/index.js';
import type { KeyDeps } from './key-deps.js';
import { loadTenantKeyStatus } from './get-tenant-key-status.js';
import type { TenantKeyStatus } from './tenant-key-status.js';

/**
 * Disables or enables the tenant's key (owner or security officer), recorded as `key.disabled`
 * or `key.enabled` with the ticket before it changes. While disabled, everything sealed under
 * the tenant's keys answers `key_unavailable`: this process drops the tenant's unwrapped keys at
 * once, other processes within `KEY_STATE_CACHE_MS`. Nothing is deleted; enabling undoes it.
 * A destroyed key stays destroyed: `key_destroyed`.
 */
export async function changeTenantKeyState(
  deps: KeyDeps,
  principal: Principal,
  request: RequestContext,
  tenantId: string,
  input: { readonly state: 'enabled' | 'disabled'; readonly ticket: string },
): Promise<TenantKeyStatus> {
  if (!(await findTenant(deps.db, tenantId))) throw new SealdeskError('not_found');
  await enforce(deps, {
    principal,
    action: 'tenant-key.manage',
    resource: { tenantId },
    request,
    audit: { action: input.state === 'disabled' ? 'key.disabled' : 'key.enabled', ticket: input.ticket },
  });
  await deps.keyRing.setTenantKeyState({ scope: tenantId, state: input.state, changedAt: deps.clock.now().toISOString(), changedBy: principal.id });
  return loadTenantKeyStatus(deps, tenantId);
}
