import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../store/index.js';

export type WebhookRow = Selectable<Database['alert_webhooks']>;

export async function insertWebhook(db: Kysely<Database>, row: WebhookRow): Promise<void> {
  await db.insertInto('alert_webhooks').values(row).execute();
}

/** The scope's webhooks that are not removed, oldest first. */
export async function listActiveWebhooks(db: Kysely<Database>, scope: string): Promise<WebhookRow[]> {
  return db
    .selectFrom('alert_webhooks')
    .selectAll()
    .where('scope', '=', scope)
    .where('removed_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Any webhook by id, removed or not: for the delivery worker. */
export async function findWebhookForDelivery(db: Kysely<Database>, webhookId: string): Promise<WebhookRow | undefined> {
  return db.selectFrom('alert_webhooks').selectAll().where('id', '=', webhookId).executeTakeFirst();
}

/** Marks a live webhook of the scope removed; false if there is none. */
export async function markWebhookRemoved(db: Kysely<Database>, scope: string, webhookId: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('alert_webhooks')
    .set({ removed_at: at })
    .where('scope', '=', scope)
    .where('id', '=', webhookId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
