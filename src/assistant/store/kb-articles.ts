import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../store/index.js';
import type { KbArticlesTable } from '../../store/schema.js';

export type KbArticleRow = Selectable<KbArticlesTable>;

/** Every function takes the tenant first and keeps it in the `where` clause. */
export async function insertKbArticle(db: Kysely<Database>, tenantId: string, row: Omit<KbArticleRow, 'tenant_id'>): Promise<void> {
  await db.insertInto('kb_articles').values({ ...row, tenant_id: tenantId }).execute();
}

/** Replaces the sealed title and body; false when the tenant has no such article. */
export async function updateKbArticle(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  changes: Pick<KbArticleRow, 'format' | 'title_enc' | 'body_enc' | 'updated_at'>,
): Promise<boolean> {
  const result = await db.updateTable('kb_articles').set(changes).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** False when the tenant has no such article. */
export async function deleteKbArticle(db: Kysely<Database>, tenantId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('kb_articles').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function findKbArticle(db: Kysely<Database>, tenantId: string, id: string): Promise<KbArticleRow | undefined> {
  return db.selectFrom('kb_articles').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export async function findKbArticleBySource(db: Kysely<Database>, tenantId: string, sourceId: string): Promise<KbArticleRow | undefined> {
  return db.selectFrom('kb_articles').selectAll().where('tenant_id', '=', tenantId).where('source_id', '=', sourceId).executeTakeFirst();
}

/** The tenant's articles in creation order (ties by id). */
export async function listKbArticleRows(db: Kysely<Database>, tenantId: string): Promise<KbArticleRow[]> {
  return db.selectFrom('kb_articles').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at').orderBy('id').execute();
}
