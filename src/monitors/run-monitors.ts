import type { Kysely } from 'kysely';
import { alertSummary, raiseAlert } from '../alerts/index.js';
import { OPERATOR_LOG, type VerifiableAuditLog } from '../audit/index.js';
import type { Clock } from '../common/index.js';
import type { Database } from '../store/index.js';
import { evaluateEntry, type Finding, type KeyChangeAction, type WindowCounts } from './evaluate-entry.js';
import { loadMonitorSettings } from './load-monitor-settings.js';

export interface MonitorDeps {
  readonly db: Kysely<Database>;
  readonly audit: VerifiableAuditLog;
  readonly clock: Clock;
}

const BATCH = 500;

/**
 * One pass of the monitors over every log: reads the entries appended since the last pass, applies
 * the log's rules, raises one alert per new finding (tenant alerts are copied to the operator's
 * security team), then moves the log's cursor. A finding is recorded with its alert, so a pass
 * that is interrupted and run again never raises the same alert twice. Returns the alerts raised.
 */
export async function runMonitors(deps: MonitorDeps): Promise<number> {
  const tenants = await deps.db.selectFrom('tenants').select('id').execute();
  let raised = 0;
  for (const logId of [...tenants.map((tenant) => tenant.id), OPERATOR_LOG]) raised += await monitorLog(deps, logId);
  return raised;
}

async function monitorLog(deps: MonitorDeps, logId: string): Promise<number> {
  const settings = await loadMonitorSettings(deps.db, logId);
  const counts = windowCounts(deps.db, logId);
  let cursor = await readCursor(deps.db, logId);
  const size = await deps.audit.size(logId);
  let raised = 0;
  while (cursor < size) {
    const batch = await deps.audit.read(logId, cursor, Math.min(cursor + BATCH, size));
    for (const { event } of batch) {
      for (const finding of await evaluateEntry(event, settings, counts)) {
        if (await fire(deps, logId, finding)) raised++;
      }
    }
    cursor = Math.min(cursor + BATCH, size);
    await writeCursor(deps, logId, cursor);
  }
  return raised;
}

async function fire(deps: MonitorDeps, logId: string, finding: Finding): Promise<boolean> {
  const seen = await deps.db
    .selectFrom('monitor_firings')
    .select('alert_id')
    .where('log_id', '=', logId)
    .where('finding_key', '=', finding.key)
    .executeTakeFirst();
  if (seen) return false;
  return deps.db.transaction().execute(async (trx) => {
    const { alert } = await raiseAlert(
      { db: trx, clock: deps.clock },
      {
        scope: logId,
        kind: finding.kind,
        severity: finding.severity,
        summary: summaryOf(finding),
        details: { actorId: finding.actorId as `${string}_${string}`, count: finding.count },
        copyToOperator: logId !== OPERATOR_LOG,
      },
    );
    await trx
      .insertInto('monitor_firings')
      .values({ log_id: logId, finding_key: finding.key, alert_id: alert.id, created_at: deps.clock.now().toISOString() })
      .execute();
    return true;
  });
}

function summaryOf(finding: Finding) {
  const actor = finding.actorId as `${string}_${string}`;
  switch (finding.kind) {
    case 'anomalous-volume':
      return alertSummary`${actor} read ${finding.count} distinct conversations within the volume window`;
    case 'off-hours-access':
      return alertSummary`${actor} read conversation content outside working hours`;
    case 'denial-burst':
      return alertSummary`${actor} was denied access ${finding.count} times within the denial window`;
    case 'key-change':
      return keyChangeSummary(actor, finding.keyChange);
    default:
      return alertSummary`${actor} exported conversations in bulk`;
  }
}

function keyChangeSummary(actor: `${string}_${string}`, change: KeyChangeAction | undefined) {
  switch (change) {
    case 'key.destroyed':
      return alertSummary`the tenant key was destroyed on the approval of ${actor}, which completed a two-person request`;
    case 'key.imported':
      return alertSummary`${actor} was let through to import a key of the tenant's own as its tenant key (BYOK)`;
    case 'key.customer-key-adopted':
      return alertSummary`${actor} was let through to adopt a customer-managed key for the tenant key`;
    default:
      return alertSummary`${actor} disabled the tenant key`;
  }
}

function windowCounts(db: Kysely<Database>, logId: string): WindowCounts {
  const recent = (actorId: string, since: string, until: string) =>
    db
      .selectFrom('audit_entries')
      .where('log_id', '=', logId)
      .where('actor_id', '=', actorId)
      .where('recorded_at', '>=', since)
      .where('recorded_at', '<=', until);
  return {
    async distinctConversationsRead(actorId, since, until) {
      const row = await recent(actorId, since, until)
        .select((eb) => eb.fn.count('conversation_id').distinct().as('count'))
        .where('action', 'in', ['content.read', 'content.read-redacted'])
        .where('outcome', '=', 'allowed')
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
    async denials(actorId, since, until) {
      const row = await recent(actorId, since, until)
        .select((eb) => eb.fn.countAll().as('count'))
        .where('outcome', '=', 'denied')
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
  };
}

async function readCursor(db: Kysely<Database>, logId: string): Promise<number> {
  const row = await db.selectFrom('monitor_cursors').select('next_index').where('log_id', '=', logId).executeTakeFirst();
  return row ? Number(row.next_index) : 0;
}

async function writeCursor(deps: MonitorDeps, logId: string, nextIndex: number): Promise<void> {
  const updatedAt = deps.clock.now().toISOString();
  await deps.db
    .insertInto('monitor_cursors')
    .values({ log_id: logId, next_index: nextIndex, updated_at: updatedAt })
    .onConflict((oc) => oc.column('log_id').doUpdateSet({ next_index: nextIndex, updated_at: updatedAt }))
    .execute();
}
