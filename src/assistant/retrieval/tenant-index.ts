import MiniSearch from 'minisearch';
import type { Passage } from '../kb/passage.js';
import type { SearchHit } from './search-hit.js';
import { contentTerms, stem, STOP_WORDS } from './terms.js';

/**
 * One tenant's BM25 index (MiniSearch's BM25+) over the decrypted passages of its articles. It
 * lives in memory only and holds one tenant's passages: it is built from that tenant's articles
 * and nothing else, so a search cannot return another tenant's text.
 */
export class TenantIndex {
  readonly tenantId: string;
  readonly #search: MiniSearch<Passage>;
  readonly #passages = new Map<string, Passage>();
  readonly #documentFrequency = new Map<string, number>();
  readonly #vectors = new Map<string, Promise<Float32Array[]>>();

  constructor(tenantId: string, passages: readonly Passage[]) {
    this.tenantId = tenantId;
    this.#search = new MiniSearch<Passage>({
      fields: ['title', 'heading', 'text'],
      idField: 'id',
      processTerm: (term) => {
        const lower = term.toLowerCase().replace(/['’]/g, '');
        return lower.length === 0 || STOP_WORDS.has(lower) ? null : stem(lower);
      },
      searchOptions: { boost: { title: 2, heading: 1.5 }, combineWith: 'OR' },
    });
    this.#search.addAll(passages as Passage[]);
    for (const passage of passages) {
      this.#passages.set(passage.id, passage);
      for (const term of new Set(contentTerms(`${passage.title} ${passage.heading} ${passage.text}`))) {
        this.#documentFrequency.set(term, (this.#documentFrequency.get(term) ?? 0) + 1);
      }
    }
  }

  /**
   * How much a stemmed term says about a passage: `ln(1 + N / (df + 1))` over the N passages.
   * A term no passage contains weighs the most, so a question about something the knowledge base
   * never mentions gets low coverage.
   */
  termWeight(term: string): number {
    return Math.log(1 + this.#passages.size / ((this.#documentFrequency.get(term) ?? 0) + 1));
  }

  /** The passages, in a fixed order (the order of `vectorsFor`). */
  get passages(): readonly Passage[] {
    return [...this.#passages.values()];
  }

  /**
   * The passages' embeddings under one embeddings model, computed once by `embedAll` and kept
   * with this index, in memory only; they go when the index is dropped. A failed computation is
   * retried on the next call.
   */
  vectorsFor(model: string, embedAll: (passages: readonly Passage[]) => Promise<Float32Array[]>): Promise<Float32Array[]> {
    const existing = this.#vectors.get(model);
    if (existing) return existing;
    const vectors = embedAll(this.passages);
    this.#vectors.set(model, vectors);
    vectors.catch(() => {
      if (this.#vectors.get(model) === vectors) this.#vectors.delete(model);
    });
    return vectors;
  }

  /** How many passages the index holds. */
  get size(): number {
    return this.#passages.size;
  }

  /** The best `limit` passages for `query`, best first; empty when no query term is indexed. */
  search(query: string, limit: number): SearchHit[] {
    if (contentTerms(query).length === 0) return [];
    const results = this.#search.search(query).slice(0, limit);
    return results.flatMap((result) => {
      const passage = this.#passages.get(String(result.id));
      return passage ? [{ passage, score: result.score, matchedTerms: [...new Set(result.terms)] }] : [];
    });
  }
}
