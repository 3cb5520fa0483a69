import type { Kysely, Selectable } from 'kysely';
import type { ConversationsTable, Database, MessagesTable } from '../schema.js';

export type ConversationRow = Selectable<ConversationsTable>;
export type MessageRow = Selectable<MessagesTable>;

export async function insertConversation(db: Kysely<Database>, row: Omit<ConversationRow, 'pseudonyms_enc'>): Promise<void> {
  await db.insertInto('conversations').values({ ...row, pseudonyms_enc: null }).execute();
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
 * Moves a conversation to `status` only if it is still in `from` (a compare-and-set, so two
 * requests deciding on the same conversation cannot both win); whether it moved.
 */
export async function moveConversationStatus(
  db: Kysely<Database>,
  tenantId: string,
  conversationId: string,
  change: { readonly from: string; readonly to: string; readonly now: string },
): Promise<boolean> {
  const result = await db
    .updateTable('conversations')
    .set({ status: change.to, updated_at: change.now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', conversationId)
    .where('status', '=', change.from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Gives an unclaimed (or already the member's) conversation to `memberId`, moving it to
 * `status`, if it is still in `from`; whether it was claimed.
 */
export async function claimConversationFor(
  db: Kysely<Database>,
  tenantId: string,
  conversationId: string,
  claim: { readonly memberId: string; readonly from: string; readonly status: string; readonly now: string },
): Promise<boolean> {
  const result = await db
    .updateTable('conversations')
    .set({ assignee_id: claim.memberId, status: claim.status, updated_at: claim.now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', conversationId)
    .where('status', '=', claim.from)
    .where((eb) => eb.or([eb('assignee_id', 'is', null), eb('assignee_id', '=', claim.memberId)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setConversationPseudonyms(db: Kysely<Database>, tenantId: string, conversationId: string, pseudonymsEnc: Buffer): Promise<void> {
  await db.updateTable('conversations').set({ pseudonyms_enc: pseudonymsEnc }).where('tenant_id', '=', tenantId).where('id', '=', conversationId).execute();
}

export interface InboxFilter {
  readonly statuses: readonly string[];
  /** A member's id, `null` for unclaimed conversations, or absent for all. */
  readonly assigneeId?: string | null;
  readonly teamId?: string;
  readonly limit: number;
}

/** A tenant's conversations in the given statuses, longest waiting first. */
export async function listInbox(db: Kysely<Database>, tenantId: string, filter: InboxFilter): Promise<ConversationRow[]> {
  let query = db.selectFrom('conversations').selectAll().where('tenant_id', '=', tenantId).where('status', 'in', [...filter.statuses]);
  if (filter.assigneeId === null) query = query.where('assignee_id', 'is', null);
  else if (filter.assigneeId !== undefined) query = query.where('assignee_id', '=', filter.assigneeId);
  if (filter.teamId !== undefined) query = query.where('team_id', '=', filter.teamId);
  return query.orderBy('updated_at', 'asc').orderBy('id').limit(filter.limit).execute();
}

/**
 * Appends a message at the next position of its conversation. The position is claimed by the
 * counter update, so concurrent appends get distinct positions; call it inside a transaction.
 * `status`, when given, is the conversation's status after the message.
 */
export async function appendMessage(
  db: Kysely<Database>,
  row: Omit<MessageRow, 'position'>,
  status?: string,
): Promise<MessageRow> {
  const updated = await db
    .updateTable('conversations')
    .set((eb) => ({ message_count: eb('message_count', '+', 1), updated_at: row.created_at, ...(status !== undefined && { status }) }))
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
