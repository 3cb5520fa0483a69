import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../store/index.js';
import type { Alert, AlertKind, AlertSeverity } from '../alert.js';

type AlertRow = Selectable<Database['alerts']>;

export async function insertAlert(db: Kysely<Database>, alert: Alert): Promise<void> {
  await db
    .insertInto('alerts')
    .values({
      id: alert.id,
      scope: alert.scope,
      kind: alert.kind,
      severity: alert.severity,
      summary: alert.summary,
      details: JSON.stringify(alert.details),
      created_at: alert.createdAt,
      acknowledged_at: alert.acknowledgedAt,
      acknowledged_by: alert.acknowledgedBy,
    })
    .execute();
}

/** The scope's alerts, newest first. */
export async function listAlerts(db: Kysely<Database>, scope: string, limit: number): Promise<Alert[]> {
  const rows = await db
    .selectFrom('alerts')
    .selectAll()
    .where('scope', '=', scope)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toAlert);
}

export async function findAlert(db: Kysely<Database>, scope: string, alertId: string): Promise<Alert | undefined> {
  const row = await db.selectFrom('alerts').selectAll().where('scope', '=', scope).where('id', '=', alertId).executeTakeFirst();
  return row && toAlert(row);
}

/** For the delivery worker, which serves every scope. */
export async function findAlertForDelivery(db: Kysely<Database>, alertId: string): Promise<Alert | undefined> {
  const row = await db.selectFrom('alerts').selectAll().where('id', '=', alertId).executeTakeFirst();
  return row && toAlert(row);
}

/** Records the first acknowledgement; a later one changes nothing. */
export async function markAlertAcknowledged(
  db: Kysely<Database>,
  scope: string,
  alertId: string,
  by: string,
  at: string,
): Promise<void> {
  await db
    .updateTable('alerts')
    .set({ acknowledged_at: at, acknowledged_by: by })
    .where('scope', '=', scope)
    .where('id', '=', alertId)
    .where('acknowledged_at', 'is', null)
    .execute();
}

function toAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    scope: row.scope,
    kind: row.kind as AlertKind,
    severity: row.severity as AlertSeverity,
    summary: row.summary,
    details: JSON.parse(row.details) as Alert['details'],
    createdAt: row.created_at,
    acknowledgedAt: row.acknowledged_at,
    acknowledgedBy: row.acknowledged_by,
  };
}
