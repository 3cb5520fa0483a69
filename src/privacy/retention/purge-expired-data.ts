import type { Principal } from '../../access/index.js';
import { newId, startPeriodicJob, type PeriodicJob, type RequestContext } from '../../common/index.js';
import { purgeTenant, type PurgeReport, type RetentionDeps } from './purge-tenant.js';

/** The retention job, as the audit log names it (`system:retention`). */
export const RETENTION_JOB: Principal = { kind: 'system', id: 'system', job: 'retention' };

/**
 * Applies retention to every tenant (or only `tenantId`) as the retention job, tenant after
 * tenant, one report each. A tenant whose purge fails stops the run with that error.
 */
export async function purgeExpiredData(
  deps: RetentionDeps,
  options: { readonly dryRun: boolean; readonly tenantId?: string | undefined; readonly channel?: RequestContext['channel'] },
): Promise<PurgeReport[]> {
  const tenants = options.tenantId === undefined ? (await deps.db.selectFrom('tenants').select('id').orderBy('id').execute()).map((row) => row.id) : [options.tenantId];
  const reports: PurgeReport[] = [];
  for (const tenantId of tenants) {
    const request = { requestId: newId('request'), channel: options.channel ?? 'system' };
    reports.push(await purgeTenant(deps, RETENTION_JOB, request, tenantId, { dryRun: options.dryRun }));
  }
  return reports;
}

/** Runs {@link purgeExpiredData} now and then every `intervalMs` (default hourly) until stopped. */
export function startRetentionPurge(deps: RetentionDeps, onError: (error: unknown) => void, intervalMs = 3_600_000): PeriodicJob {
  return startPeriodicJob(() => purgeExpiredData(deps, { dryRun: false }), onError, intervalMs, { runNow: true });
}
