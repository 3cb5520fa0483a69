import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { ConversationRow } from './conversations.js';

/** A tenant's conversations in id order, `limit` at a time after `afterId`: for walking all of them. */
export async function listConversationPage(
  db: Kysely<Database>,
  tenantId: string,
  afterId: string | null,
  limit: number,
): Promise<ConversationRow[]> {
  let query = db.selectFrom('conversations').selectAll().where('tenant_id', '=', tenantId);
  if (afterId !== null) query = query.where('id', '>', afterId);
  return query.orderBy('id').limit(limit).execute();
}

/** Every conversation of a tenant in id order (metadata rows, no content opened), read a page at a time. */
export async function listAllConversations(db: Kysely<Database>, tenantId: string, pageSize = 200): Promise<ConversationRow[]> {
  const rows: ConversationRow[] = [];
  for (let after: string | null = null; ; ) {
    const page = await listConversationPage(db, tenantId, after, pageSize);
    rows.push(...page);
    if (page.length < pageSize) return rows;
    after = page[page.length - 1]?.id ?? null;
  }
}
