import type { Kysely } from 'kysely';
import { newId, startPeriodicJob, type Clock, type PeriodicJob } from '../common/index.js';
import type { Database } from '../store/index.js';
import { OPERATOR_LOG } from './audit-event.js';
import type { VerifiableAuditLog } from './log/index.js';
import { DEFAULT_AUDIT_RETENTION_DAYS, retentionCutoff } from './retention.js';

export interface PruneDeps {
  readonly db: Kysely<Database>;
  readonly audit: VerifiableAuditLog;
  readonly clock: Clock;
}

/**
 * Applies retention to every log: drops entry bodies older than the tenant's retention period
 * (the operator's log keeps the default), keeping leaf hashes so proofs still verify, and records
 * each prune as an `audit.pruned` event in the log it pruned. Returns the count per log.
 */
export async function pruneExpiredBodies(deps: PruneDeps): Promise<Map<string, number>> {
  const now = deps.clock.now();
  const tenants = await deps.db.selectFrom('tenants').select(['id', 'audit_retention_days']).execute();
  const logs = [...tenants.map((t) => ({ id: t.id, days: Number(t.audit_retention_days) })), { id: OPERATOR_LOG, days: DEFAULT_AUDIT_RETENTION_DAYS }];
  const pruned = new Map<string, number>();
  for (const log of logs) {
    const before = retentionCutoff(now, log.days);
    const count = await deps.audit.pruneBodies(log.id, before);
    if (count === 0) continue;
    pruned.set(log.id, count);
    await deps.audit.append(log.id, {
      v: 1,
      time: now.toISOString(),
      actor: { id: 'system', kind: 'system', role: 'system:retention', team: null, tenant: null },
      action: 'audit.pruned',
      resource: { tenant: log.id === OPERATOR_LOG ? null : log.id },
      channel: 'system',
      reason: { rule: `retention-${log.days}-days`, grant: null, ticket: null },
      outcome: 'allowed',
      requestId: newId('request'),
      details: { entries: count, before },
    });
  }
  return pruned;
}

/** Runs {@link pruneExpiredBodies} now and then every `intervalMs` (default hourly) until stopped. */
export function startAuditRetention(deps: PruneDeps, onError: (error: unknown) => void, intervalMs = 3_600_000): PeriodicJob {
  return startPeriodicJob(() => pruneExpiredBodies(deps), onError, intervalMs, { runNow: true });
}
