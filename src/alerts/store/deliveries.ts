import type { Kysely } from 'kysely';
import type { Database, StoreDialect } from '../../store/index.js';
import type { DestinationChannel } from '../destinations/destination-id.js';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** A claimed delivery: `attempts` counts the attempt now being made. */
export interface DeliveryJob {
  readonly alertId: string;
  readonly destinationId: string;
  readonly channel: DestinationChannel;
  readonly attempts: number;
}

/** A delivery's state after an attempt. */
export interface DeliveryState {
  readonly status: DeliveryStatus;
  readonly nextAttemptAt: string | null;
  readonly lastError: string | null;
  readonly deliveredAt: string | null;
}

/** Queues one pending delivery of the alert per destination, due at once. */
export async function enqueueDeliveries(
  db: Kysely<Database>,
  alertId: string,
  destinations: readonly { readonly id: string; readonly channel: DestinationChannel }[],
  dueAt: string,
): Promise<void> {
  if (destinations.length === 0) return;
  await db
    .insertInto('alert_deliveries')
    .values(
      destinations.map((destination) => ({
        alert_id: alertId,
        destination_id: destination.id,
        channel: destination.channel,
        status: 'pending',
        attempts: 0,
        next_attempt_at: dueAt,
        last_error: null,
        delivered_at: null,
      })),
    )
    .execute();
}

/**
 * Claims up to `limit` pending deliveries due at `now`: counts the attempt and leases the job
 * until `leaseUntil`, so a worker that dies mid-send leaves it due again then. On PostgreSQL rows
 * are locked `FOR UPDATE SKIP LOCKED`, so concurrent workers claim disjoint jobs; SQLite has one
 * writer, and the transaction is enough.
 */
export async function claimDueDeliveries(
  db: Kysely<Database>,
  dialect: StoreDialect,
  now: string,
  leaseUntil: string,
  limit: number,
): Promise<DeliveryJob[]> {
  return db.transaction().execute(async (trx) => {
    const due = trx
      .selectFrom('alert_deliveries')
      .select(['alert_id', 'destination_id', 'channel', 'attempts'])
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .limit(limit);
    const rows = await (dialect === 'postgres' ? due.forUpdate().skipLocked() : due).execute();
    for (const row of rows) {
      await trx
        .updateTable('alert_deliveries')
        .set({ attempts: row.attempts + 1, next_attempt_at: leaseUntil })
        .where('alert_id', '=', row.alert_id)
        .where('destination_id', '=', row.destination_id)
        .execute();
    }
    return rows.map((row) => ({
      alertId: row.alert_id,
      destinationId: row.destination_id,
      channel: row.channel as DestinationChannel,
      attempts: row.attempts + 1,
    }));
  });
}

/** Stores the outcome of the job's attempt, unless its lease was lost to another worker meanwhile. */
export async function recordDeliveryState(db: Kysely<Database>, job: DeliveryJob, state: DeliveryState): Promise<void> {
  await db
    .updateTable('alert_deliveries')
    .set({
      status: state.status,
      next_attempt_at: state.nextAttemptAt,
      last_error: state.lastError,
      delivered_at: state.deliveredAt,
    })
    .where('alert_id', '=', job.alertId)
    .where('destination_id', '=', job.destinationId)
    .where('status', '=', 'pending')
    .where('attempts', '=', job.attempts)
    .execute();
}
