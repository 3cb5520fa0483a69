import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../store/index.js';

export type EmailRecipientRow = Selectable<Database['alert_email_recipients']>;

export async function insertEmailRecipient(db: Kysely<Database>, row: EmailRecipientRow): Promise<void> {
  await db.insertInto('alert_email_recipients').values(row).execute();
}

/** The scope's recipients that are not removed, oldest first. */
export async function listActiveEmailRecipients(db: Kysely<Database>, scope: string): Promise<EmailRecipientRow[]> {
  return db
    .selectFrom('alert_email_recipients')
    .selectAll()
    .where('scope', '=', scope)
    .where('removed_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Any recipient by id, removed or not: for the delivery worker. */
export async function findEmailRecipientForDelivery(
  db: Kysely<Database>,
  recipientId: string,
): Promise<EmailRecipientRow | undefined> {
  return db.selectFrom('alert_email_recipients').selectAll().where('id', '=', recipientId).executeTakeFirst();
}

/** Marks a live recipient of the scope removed; false if there is none. */
export async function markEmailRecipientRemoved(
  db: Kysely<Database>,
  scope: string,
  recipientId: string,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('alert_email_recipients')
    .set({ removed_at: at })
    .where('scope', '=', scope)
    .where('id', '=', recipientId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
