import type { Kysely, Selectable } from 'kysely';
import type { ConversationsTable, Database, MessagesTable } from '../schema.js';

export type ConversationRow = Selectable<ConversationsTable>;
export type MessageRow = Selectable<MessagesTable>;

export async function insertConversation(db: Kysely<Database>, row: ConversationRow): Promise<void> {
  await db.insertInto('conversations').values(row).execute();
}

export async function findConversation(
  db: Kysely<Database>,
  tenantId: string,
  conversationId: string,
): Promise<ConversationRow | undefined> {
  return db
    .selectFrom('conversations')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', conversationId)
    .executeTakeFirst();
}

/**
 * The tenant a conversation belongs to. Only for routes whose URL carries no tenant; callers must
 * still authorise against the tenant it returns.
 */
export async function findConversationTenant(
  db: Kysely<Database>,
  conversationId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('conversations')
    .select('tenant_id')
    .where('id', '=', conversationId)
    .executeTakeFirst();
  return row?.tenant_id;
}

export interface ConversationFilter {
  readonly contactId?: string;
  readonly assigneeId?: string;
  readonly limit: number;
}

export async function listConversations(
  db: Kysely<Database>,
  tenantId: string,
  filter: ConversationFilter,
): Promise<ConversationRow[]> {
  let query = db.selectFrom('conversations').selectAll().where('tenant_id', '=', tenantId);
  if (filter.contactId !== undefined) query = query.where('contact_id', '=', filter.contactId);
  if (filter.assigneeId !== undefined) query = query.where('assignee_id', '=', filter.assigneeId);
  return query.orderBy('updated_at', 'desc').orderBy('id').limit(filter.limit).execute();
}

export async function setAssignee(
  db: Kysely<Database>,
  tenantId: string,
  conversationId: string,
  assigneeId: string,
  now: string,
): Promise<void> {
  await db
    .updateTable('conversations')
    .set({ assignee_id: assigneeId, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', conversationId)
    .execute();
}

/**
 * Appends a message at the next position of its conversation. The position is claimed by the
 * counter update, so concurrent appends get distinct positions; call it inside a transaction.
 */
export async function appendMessage(
  db: Kysely<Database>,
  row: Omit<MessageRow, 'position'>,
): Promise<MessageRow> {
  const updated = await db
    .updateTable('conversations')
    .set((eb) => ({ message_count: eb('message_count', '+', 1), updated_at: row.created_at }))
    .where('tenant_id', '=', row.tenant_id)
    .where('id', '=', row.conversation_id)
    .returning('message_count')
    .executeTakeFirstOrThrow();
  const message = { ...row, position: updated.message_count };
  await db.insertInto('messages').values(message).execute();
  return message;
}

export async function listMessages(
  db: Kysely<Database>,
  tenantId: string,
  conversationId: string,
): Promise<MessageRow[]> {
  return db
    .selectFrom('messages')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('conversation_id', '=', conversationId)
    .orderBy('position')
    .execute();
}
