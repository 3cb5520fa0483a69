import { justificationFor, type Principal } from '../../access/index.js';
import type { RequestContext } from '../../common/index.js';
import { listKbArticleRows } from '../store/kb-articles.js';
import { authorizeKb } from './authorize-kb.js';
import { kbArticleBinding } from './kb-article.js';
import type { KbDeps } from './kb-deps.js';

/** An article as listed: ids, title and format; never the body. */
export interface KbArticleSummary {
  readonly id: string;
  readonly sourceId: string;
  readonly title: string;
  readonly format: string;
  readonly updatedAt: string;
}

/** The tenant's articles (owner, admin, manager, agent). Only titles are decrypted. */
export async function listKbArticles(deps: KbDeps, principal: Principal, context: RequestContext, tenantId: string): Promise<KbArticleSummary[]> {
  await authorizeKb(deps, principal, context, tenantId, 'list');
  const rows = await listKbArticleRows(deps.db, tenantId);
  const justification = justificationFor(principal, context, 'kb.list');
  return Promise.all(
    rows.map(async (row) => ({
      id: row.id,
      sourceId: row.source_id,
      title: await deps.keyRing.openText(row.title_enc, kbArticleBinding(tenantId, row.id, 'title'), justification),
      format: row.format,
      updatedAt: row.updated_at,
    })),
  );
}
