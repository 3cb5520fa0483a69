import type { Kysely } from 'kysely';
import type { KeyRing } from '../../crypto/index.js';
import type { Database } from '../../store/index.js';
import { chunkArticle } from '../kb/chunk-article.js';
import { loadKbArticles } from '../kb/load-kb-articles.js';
import { TenantIndex } from './tenant-index.js';

/**
 * The in-memory BM25 indexes, one per tenant, keyed by tenant id. An index is built on first use
 * from that tenant's decrypted articles and dropped whenever the tenant's knowledge base changes,
 * so the next search rebuilds it. Nothing is persisted: plaintext exists only in this process.
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

  /** Drops the tenant's index after a change to its knowledge base. */
  invalidate(tenantId: string): void {
    this.#indexes.delete(tenantId);
  }

  async #build(tenantId: string): Promise<TenantIndex> {
    const articles = await loadKbArticles(this.#deps, tenantId);
    return new TenantIndex(tenantId, articles.flatMap(chunkArticle));
  }
}
