import { enforce, type Principal } from '../../access/index.js';
import type { RequestContext } from '../../common/index.js';
import { purgeTenant, type PurgeReport, type RetentionDeps } from './purge-tenant.js';

/**
 * A person asking for a purge of their tenant now: a dry run needs `retention.read` (owner,
 * admin, security officer, auditor), a real one `retention.purge` (owner, admin). The decision is
 * recorded as `retention.purge-requested`; the run then records its own events as the caller.
 */
export async function requestPurge(deps: RetentionDeps, principal: Principal, request: RequestContext, tenantId: string, options: { readonly dryRun: boolean }): Promise<PurgeReport> {
  await enforce(deps, {
    principal,
    action: options.dryRun ? 'retention.read' : 'retention.purge',
    resource: { tenantId },
    request,
    audit: { action: 'retention.purge-requested', details: { dryRun: options.dryRun ? 'yes' : 'no' } },
  });
  return purgeTenant(deps, principal, request, tenantId, options);
}
