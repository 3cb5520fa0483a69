import { enforce, type Principal } from '../access/index.js';
import { DEFAULT_AUDIT_RETENTION_DAYS } from '../audit/index.js';
import { newId, type RequestContext } from '../common/index.js';
import { insertTenant } from '../store/index.js';
import { regionForNewTenant, SINGLE_REGION } from './residency.js';
import type { TenancyDeps } from './tenancy-deps.js';

/** Creates a tenant and its keys, in the node's region (the only one it may ask for). Operator owner only. */
export async function createTenant(
  deps: TenancyDeps,
  principal: Principal,
  context: RequestContext,
  input: { readonly name: string; readonly region?: string | undefined },
): Promise<{ id: string; region: string }> {
  const id = newId('tenant');
  await enforce(deps, { principal, action: 'tenant.create', resource: {}, request: context, audit: { action: 'tenant.created', details: { region: input.region ?? (deps.residency ?? SINGLE_REGION).region } } });
  const region = regionForNewTenant(deps.residency ?? SINGLE_REGION, input.region);
  await deps.keyRing.ensureScope(id);
  await insertTenant(deps.db, {
    id,
    name: input.name,
    audit_retention_days: DEFAULT_AUDIT_RETENTION_DAYS,
    created_at: deps.clock.now().toISOString(),
    region,
  });
  return { id, region };
}
