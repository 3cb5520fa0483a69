import { enforce, type Principal } from '../access/index.js';
import { DEFAULT_AUDIT_RETENTION_DAYS } from '../audit/index.js';
import { newId, type RequestContext } from '../common/index.js';
import { insertTenant } from '../store/index.js';
import type { TenancyDeps } from './tenancy-deps.js';

/** Creates a tenant and its keys. Operator owner only. */
export async function createTenant(
  deps: TenancyDeps,
  principal: Principal,
  context: RequestContext,
  input: { readonly name: string },
): Promise<{ id: string }> {
  const id = newId('tenant');
  await enforce(deps, { principal, action: 'tenant.create', resource: {}, request: context, audit: { action: 'tenant.created' } });
  await deps.keyRing.ensureScope(id);
  await insertTenant(deps.db, {
    id,
    name: input.name,
    audit_retention_days: DEFAULT_AUDIT_RETENTION_DAYS,
    created_at: deps.clock.now().toISOString(),
  });
  return { id };
}
