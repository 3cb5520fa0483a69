import { justificationFor, recordAccessEvent, type Principal } from '../../access/index.js';
import { newId, type RequestContext } from '../../common/index.js';
import { SealdeskError } from '../../errors/index.js';
import { findKbArticle, findKbArticleBySource, insertKbArticle, updateKbArticle } from '../store/kb-articles.js';
import { authorizeKb } from './authorize-kb.js';
import { kbArticleBinding, type KbFormat } from './kb-article.js';
import type { KbDeps } from './kb-deps.js';

/** A new article or the new content of an existing one. */
export interface KbArticleInput {
  readonly title: string;
  readonly format: KbFormat;
  readonly body: string;
  /** Defaults to the article id; unique per tenant (a clash is `conflict`). */
  readonly sourceId?: string | undefined;
}

/**
 * Creates an article: authorises (`write`), records `kb.article-created` (durable before the
 * write), seals title and body bound to the new row, stores them and updates the tenant's index.
 */
export async function createKbArticle(
  deps: KbDeps,
  principal: Principal,
  context: RequestContext,
  tenantId: string,
  input: KbArticleInput,
): Promise<{ id: string }> {
  const rule = await authorizeKb(deps, principal, context, tenantId, 'write', 'kb.article-created');
  if (input.sourceId !== undefined && (await findKbArticleBySource(deps.db, tenantId, input.sourceId))) {
    throw new SealdeskError('conflict', { userMessage: 'An article with this source id already exists.' });
  }
  const id = newId('kbArticle');
  const now = deps.clock.now().toISOString();
  const justification = justificationFor(principal, context, 'kb.write');
  const title_enc = await deps.keyRing.seal(input.title, kbArticleBinding(tenantId, id, 'title'), justification);
  const body_enc = await deps.keyRing.seal(input.body, kbArticleBinding(tenantId, id, 'body'), justification);
  await recordAccessEvent(deps, principal, context, { action: 'kb.article-created', tenantId, outcome: 'allowed', rule, details: { article: id } });
  await insertKbArticle(deps.db, tenantId, { id, source_id: input.sourceId ?? id, format: input.format, title_enc, body_enc, created_at: now, updated_at: now });
  deps.indexes.articleChanged(tenantId, id);
  return { id };
}

/** Replaces an article's title, format and body (its source id stays). Missing or another tenant's: `not_found`. */
export async function updateKbArticleContent(
  deps: KbDeps,
  principal: Principal,
  context: RequestContext,
  tenantId: string,
  id: string,
  input: Omit<KbArticleInput, 'sourceId'>,
): Promise<void> {
  const rule = await authorizeKb(deps, principal, context, tenantId, 'write', 'kb.article-updated');
  if (!(await findKbArticle(deps.db, tenantId, id))) throw new SealdeskError('not_found');
  const justification = justificationFor(principal, context, 'kb.write');
  const title_enc = await deps.keyRing.seal(input.title, kbArticleBinding(tenantId, id, 'title'), justification);
  const body_enc = await deps.keyRing.seal(input.body, kbArticleBinding(tenantId, id, 'body'), justification);
  await recordAccessEvent(deps, principal, context, { action: 'kb.article-updated', tenantId, outcome: 'allowed', rule, details: { article: id } });
  const updated = await updateKbArticle(deps.db, tenantId, id, { format: input.format, title_enc, body_enc, updated_at: deps.clock.now().toISOString() });
  deps.indexes.articleChanged(tenantId, id);
  if (!updated) throw new SealdeskError('not_found');
}
