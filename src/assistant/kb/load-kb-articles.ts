import type { Kysely } from 'kysely';
import { systemJustification, type KeyRing } from '../../crypto/index.js';
import type { Database } from '../../store/index.js';
import { listKbArticleRows, type KbArticleRow } from '../store/kb-articles.js';
import { kbArticleBinding, type KbArticle, type KbFormat } from './kb-article.js';

/** The assistant reads the knowledge base for itself, to build the tenant's search index. */
const INDEX_JUSTIFICATION = systemJustification('assistant', 'kb-index');

/**
 * The tenant's articles, decrypted into memory. A ciphertext moved to another row or tenant fails
 * to authenticate (`decryption_failed`), so this never yields another tenant's text.
 */
export async function loadKbArticles(deps: { readonly db: Kysely<Database>; readonly keyRing: KeyRing }, tenantId: string): Promise<KbArticle[]> {
  const rows = await listKbArticleRows(deps.db, tenantId);
  return Promise.all(rows.map((row) => openKbArticle(deps.keyRing, tenantId, row)));
}

/** One stored article, decrypted. */
export async function openKbArticle(keyRing: KeyRing, tenantId: string, row: KbArticleRow): Promise<KbArticle> {
  return {
    id: row.id,
    tenantId,
    sourceId: row.source_id,
    format: row.format as KbFormat,
    title: await keyRing.openText(row.title_enc, kbArticleBinding(tenantId, row.id, 'title'), INDEX_JUSTIFICATION),
    body: await keyRing.openText(row.body_enc, kbArticleBinding(tenantId, row.id, 'body'), INDEX_JUSTIFICATION),
  };
}
