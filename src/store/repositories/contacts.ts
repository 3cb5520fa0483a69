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

/** Every contact of the tenant with this e-mail blind index (normally one). */
export async function listContactsByEmailIndex(db: Kysely<Database>, tenantId: string, emailIndex: string): Promise<ContactRow[]> {
  return db.selectFrom('contacts').selectAll().where('tenant_id', '=', tenantId).where('email_index', '=', emailIndex).orderBy('created_at').execute();
}

/**
 * Deletes contacts with their conversations and messages, in one transaction; returns the counts.
 * Audit entries keep the ids they always held (never content).
 */
export async function deleteContactsAndConversations(
  db: Kysely<Database>,
  tenantId: string,
  contactIds: readonly string[],
): Promise<{ conversations: number; messages: number; contacts: number }> {
  if (contactIds.length === 0) return { conversations: 0, messages: 0, contacts: 0 };
  return db.transaction().execute(async (trx) => {
    const conversationIds = (
      await trx.selectFrom('conversations').select('id').where('tenant_id', '=', tenantId).where('contact_id', 'in', contactIds).execute()
    ).map((row) => row.id);
    if (conversationIds.length > 0) await trx.deleteFrom('answer_traces').where('tenant_id', '=', tenantId).where('conversation_id', 'in', conversationIds).execute();
    const messages =
      conversationIds.length === 0
        ? 0n
        : (await trx.deleteFrom('messages').where('tenant_id', '=', tenantId).where('conversation_id', 'in', conversationIds).executeTakeFirst()).numDeletedRows;
    const conversations = (await trx.deleteFrom('conversations').where('tenant_id', '=', tenantId).where('contact_id', 'in', contactIds).executeTakeFirst()).numDeletedRows;
    const contacts = (await trx.deleteFrom('contacts').where('tenant_id', '=', tenantId).where('id', 'in', contactIds).executeTakeFirst()).numDeletedRows;
    return { conversations: Number(conversations), messages: Number(messages), contacts: Number(contacts) };
  });
}
