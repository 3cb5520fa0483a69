import type { Kysely, Selectable } from 'kysely';
import type { Database, LegalHoldsTable, RetentionPoliciesTable } from '../schema.js';

export type RetentionPolicyRow = Selectable<RetentionPoliciesTable>;
export type LegalHoldRow = Selectable<LegalHoldsTable>;

export async function findRetentionPolicy(db: Kysely<Database>, tenantId: string): Promise<RetentionPolicyRow | undefined> {
  return db.selectFrom('retention_policies').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
}

/**
 * Stores version `row.version` of a tenant's retention policy if the stored one is still
 * `row.version - 1` (0: none stored), so concurrent changes cannot overwrite each other.
 * Returns whether it did.
 */
export async function saveRetentionPolicy(db: Kysely<Database>, row: RetentionPolicyRow): Promise<boolean> {
  if (row.version === 1) {
    const inserted = await db.insertInto('retention_policies').values(row).onConflict((oc) => oc.column('tenant_id').doNothing()).executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
  }
  const { tenant_id: tenantId, ...columns } = row;
  const updated = await db
    .updateTable('retention_policies')
    .set(columns)
    .where('tenant_id', '=', tenantId)
    .where('version', '=', row.version - 1)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

export async function insertLegalHold(db: Kysely<Database>, row: LegalHoldRow): Promise<void> {
  await db.insertInto('legal_holds').values(row).execute();
}

export async function findLegalHold(db: Kysely<Database>, tenantId: string, holdId: string): Promise<LegalHoldRow | undefined> {
  return db.selectFrom('legal_holds').selectAll().where('tenant_id', '=', tenantId).where('id', '=', holdId).executeTakeFirst();
}

/** The tenant's holds, oldest first; only those not released when `activeOnly`. */
export async function listLegalHolds(db: Kysely<Database>, tenantId: string, options: { readonly activeOnly: boolean }): Promise<LegalHoldRow[]> {
  let query = db.selectFrom('legal_holds').selectAll().where('tenant_id', '=', tenantId);
  if (options.activeOnly) query = query.where('released_at', 'is', null);
  return query.orderBy('created_at').orderBy('id').execute();
}

/** Releases a hold still in force; answers whether it was. */
export async function releaseLegalHold(db: Kysely<Database>, tenantId: string, holdId: string, releasedBy: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('legal_holds')
    .set({ released_at: now, released_by: releasedBy })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', holdId)
    .where('released_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** What retention decides on for one tenant: ids, statuses and times only. */
export async function listRetentionFacts(db: Kysely<Database>, tenantId: string) {
  const [conversations, contacts, kbArticles] = await Promise.all([
    db
      .selectFrom('conversations')
      .select(['id', 'contact_id', 'status', 'updated_at', 'message_count'])
      .where('tenant_id', '=', tenantId)
      .orderBy('id')
      .execute(),
    db.selectFrom('contacts').select(['id', 'created_at']).where('tenant_id', '=', tenantId).orderBy('id').execute(),
    db.selectFrom('kb_articles').select(['id', 'updated_at']).where('tenant_id', '=', tenantId).orderBy('id').execute(),
  ]);
  return { conversations, contacts, kbArticles };
}

/** The holds in force on the tenant itself or on one of `targets` (contact and conversation ids). */
function heldBy(db: Kysely<Database>, tenantId: string, targets: readonly string[]) {
  return db
    .selectFrom('legal_holds')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('released_at', 'is', null)
    .where((eb) => eb.or([eb('target_kind', '=', 'tenant'), ...(targets.length > 0 ? [eb('target_id', 'in', [...targets])] : [])]));
}

/**
 * Deletes a conversation and every row that belongs to it, in one transaction, only if it is
 * unchanged since planning (same `updatedAt` and `messageCount`: two changes may share a
 * millisecond, but every message moves the count) and no hold in force covers it, its contact or
 * the tenant.
 * Answers the number of messages deleted, or undefined when it was left alone.
 */
export async function purgeConversation(
  db: Kysely<Database>,
  tenantId: string,
  conversation: { readonly id: string; readonly contactId: string; readonly updatedAt: string; readonly messageCount: number },
): Promise<number | undefined> {
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('conversations')
      .select(['updated_at', 'message_count'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', conversation.id)
      .executeTakeFirst();
    if (current?.updated_at !== conversation.updatedAt || Number(current.message_count) !== conversation.messageCount) return undefined;
    if (await heldBy(trx, tenantId, [conversation.id, conversation.contactId]).executeTakeFirst()) return undefined;
    // Every row that belongs to the conversation goes before it: its answer traces and messages.
    await trx.deleteFrom('answer_traces').where('tenant_id', '=', tenantId).where('conversation_id', '=', conversation.id).execute();
    const messages = await trx.deleteFrom('messages').where('tenant_id', '=', tenantId).where('conversation_id', '=', conversation.id).executeTakeFirst();
    // The guards again, in the statement that takes the row's write lock: a message appended
    // meanwhile moves the count, a hold committed meanwhile is seen.
    const deleted = await trx
      .deleteFrom('conversations')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', conversation.id)
      .where('updated_at', '=', conversation.updatedAt)
      .where('message_count', '=', conversation.messageCount)
      .where((eb) => eb.not(eb.exists(heldBy(trx, tenantId, [conversation.id, conversation.contactId]))))
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) !== 1) throw new ConversationChanged();
    return Number(messages.numDeletedRows);
  }).catch((error: unknown) => {
    if (error instanceof ConversationChanged) return undefined;
    throw error;
  });
}

/** Rolls a purge back when its conversation changed under it. */
class ConversationChanged extends Error {}

/** Deletes a contact that has no conversation left and no hold in force; answers whether it did. */
export async function purgeContact(db: Kysely<Database>, tenantId: string, contactId: string): Promise<boolean> {
  const deleted = await db
    .deleteFrom('contacts')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', contactId)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('conversations').select('id').where('tenant_id', '=', tenantId).where('contact_id', '=', contactId))))
    .where((eb) => eb.not(eb.exists(heldBy(db, tenantId, [contactId]))))
    .executeTakeFirst();
  return Number(deleted.numDeletedRows) === 1;
}

/** Deletes a knowledge-base article unchanged since `updatedAt`, unless the tenant is on hold (articles have no holds of their own); answers whether it did. */
export async function purgeKbArticle(db: Kysely<Database>, tenantId: string, article: { readonly id: string; readonly updatedAt: string }): Promise<boolean> {
  const deleted = await db
    .deleteFrom('kb_articles')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', article.id)
    .where('updated_at', '=', article.updatedAt)
    .where((eb) => eb.not(eb.exists(heldBy(db, tenantId, []))))
    .executeTakeFirst();
  return Number(deleted.numDeletedRows) === 1;
}
