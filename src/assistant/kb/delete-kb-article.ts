import { recordAccessEvent, type Principal } from '../../access/index.js';
import type { RequestContext } from '../../common/index.js';
import { SealdeskError } from '../../errors/index.js';
import { deleteKbArticle, findKbArticle } from '../store/kb-articles.js';
import { authorizeKb } from './authorize-kb.js';
import type { KbDeps } from './kb-deps.js';

/** Deletes an article and takes it out of the tenant's index; records `kb.article-deleted` first. Missing: `not_found`. */
export async function removeKbArticle(deps: KbDeps, principal: Principal, context: RequestContext, tenantId: string, id: string): Promise<void> {
  const rule = await authorizeKb(deps, principal, context, tenantId, 'write', 'kb.article-deleted');
  if (!(await findKbArticle(deps.db, tenantId, id))) throw new SealdeskError('not_found');
  await recordAccessEvent(deps, principal, context, { action: 'kb.article-deleted', tenantId, outcome: 'allowed', rule, details: { article: id } });
  await deleteKbArticle(deps.db, tenantId, id);
  deps.indexes.articleChanged(tenantId, id);
}
