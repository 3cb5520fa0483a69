import type { Kysely, Selectable } from 'kysely';
import type { ContactsTable, Database } from '../schema.js';

export type ContactRow = Selectable<ContactsTable>;

export async function insertContact(db: Kysely<Database>, row: ContactRow): Promise<void> {
  await db.insertInto('contacts').values(row).execute();
}

export async function findContact(
  db: Kysely<Database>,
  tenantId: string,
  contactId: string,
): Promise<ContactRow | undefined> {
  return db
    .selectFrom('contacts')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', contactId)
    .executeTakeFirst();
}

/** Finds a contact by the keyed blind index of their normalised e-mail. */
export async function findContactByEmailIndex(
  db: Kysely<Database>,
  tenantId: string,
  emailIndex: string,
): Promise<ContactRow | undefined> {
  return db
    .selectFrom('contacts')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('email_index', '=', emailIndex)
    .orderBy('created_at')
    .executeTakeFirst();
}
