import type { Kysely } from 'kysely';
import type { KeyRing } from '../../crypto/index.js';
import type { Database } from '../../store/index.js';
import { chunkArticle } from '../kb/chunk-article.js';
import { loadKbArticles, openKbArticle } from '../kb/load-kb-articles.js';
import { findKbArticle } from '../store/kb-articles.js';
import { TenantIndex } from './tenant-index.js';

/**
 * The in-memory BM25 indexes, one per tenant, keyed by tenant id. An index is built on first use
 * from that tenant's decrypted articles and updated in place when one article changes
 * (`articleChanged`); a bulk change (a retention purge) drops it, so the next search rebuilds it.
 * Nothing is persisted: plaintext exists only in this process.
 */
export class KbIndexes {
  readonly #deps: { readonly db: Kysely<Database>; readonly keyRing: KeyRing };
  readonly #indexes = new Map<string, Promise<TenantIndex>>();

  constructor(deps: { readonly db: Kysely<Database>; readonly keyRing: KeyRing }) {
    this.#deps = deps;
  }

  /** The tenant's index, built if needed. Concurrent callers share one build. */
  forTenant(tenantId: string): Promise<TenantIndex> {
    const existing = this.#indexes.get(tenantId);
    if (existing) return existing;
    const index = this.#build(tenantId);
    this.#indexes.set(tenantId, index);
    index.catch(() => {
      if (this.#indexes.get(tenantId) === index) this.#indexes.delete(tenantId);
    });
    return index;
  }

  /**
   * Brings a built index up to date with one article as stored now (added, changed or deleted),
   * after any build or update already under way; without a built index there is nothing to do
   * (the next search builds it). If the update fails, the index is dropped and rebuilt on the
   * next search, never left stale.
   */
  articleChanged(tenantId: string, articleId: string): void {
    const current = this.#indexes.get(tenantId);
    if (!current) return;
    const updated = current.then(async (index) => {
      const row = await findKbArticle(this.#deps.db, tenantId, articleId);
      index.replaceArticle(articleId, row ? chunkArticle(await openKbArticle(this.#deps.keyRing, tenantId, row)) : []);
      return index;
    });
    this.#indexes.set(tenantId, updated);
    updated.catch(() => {
      if (this.#indexes.get(tenantId) === updated) this.#indexes.delete(tenantId);
    });
  }

  /** Drops the tenant's index after a change to many of its articles. */
  invalidate(tenantId: string): void {
    this.#indexes.delete(tenantId);
  }

  async #build(tenantId: string): Promise<TenantIndex> {
    const articles = await loadKbArticles(this.#deps, tenantId);
    return new TenantIndex(tenantId, articles.flatMap(chunkArticle));
  }
}
