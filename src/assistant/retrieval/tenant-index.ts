import MiniSearch from 'minisearch';
import type { Passage } from '../kb/passage.js';
import type { SearchHit } from './search-hit.js';
import { contentTerms, stem, STOP_WORDS } from './terms.js';

/**
 * One tenant's BM25 index (MiniSearch's BM25+) over the decrypted passages of its articles. It
 * lives in memory only and holds one tenant's passages: it is built from that tenant's articles
 * and nothing else, so a search cannot return another tenant's text. Updated in place when an
 * article changes (`replaceArticle`).
 */
export class TenantIndex {
  readonly tenantId: string;
  readonly #search: MiniSearch<Passage>;
  readonly #passages = new Map<string, Passage>();
  /** Article id → its passages' ids. */
  readonly #articlePassages = new Map<string, string[]>();
  readonly #documentFrequency = new Map<string, number>();
  /** Embeddings model → passage id → vector. */
  readonly #vectors = new Map<string, Map<string, Float32Array>>();
  readonly #embedding = new Map<string, Promise<unknown>>();

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
    for (const passage of passages) this.#remember(passage);
  }

  /**
   * Replaces one article's passages with `passages` (none: the article is gone), in place: the
   * incremental update after an article is added, changed or deleted. Embeddings of the old
   * passages are forgotten; the new ones are embedded on the next hybrid search.
   */
  replaceArticle(articleId: string, passages: readonly Passage[]): void {
    for (const old of (this.#articlePassages.get(articleId) ?? []).flatMap((id) => this.#passages.get(id) ?? [])) {
      this.#search.discard(old.id);
      this.#passages.delete(old.id);
      for (const term of passageTerms(old)) {
        const count = (this.#documentFrequency.get(term) ?? 1) - 1;
        if (count > 0) this.#documentFrequency.set(term, count);
        else this.#documentFrequency.delete(term);
      }
      for (const vectors of this.#vectors.values()) vectors.delete(old.id);
    }
    this.#articlePassages.delete(articleId);
    this.#search.addAll(passages as Passage[]);
    for (const passage of passages) this.#remember(passage);
  }

  #remember(passage: Passage): void {
    this.#passages.set(passage.id, passage);
    this.#articlePassages.set(passage.articleId, [...(this.#articlePassages.get(passage.articleId) ?? []), passage.id]);
    for (const term of passageTerms(passage)) this.#documentFrequency.set(term, (this.#documentFrequency.get(term) ?? 0) + 1);
  }

  /**
   * How much a stemmed term says about a passage: `ln(1 + N / (df + 1))` over the N passages.
   * A term no passage contains weighs the most, so a question about something the knowledge base
   * never mentions gets low coverage.
   */
  termWeight(term: string): number {
    return Math.log(1 + this.#passages.size / ((this.#documentFrequency.get(term) ?? 0) + 1));
  }

  /** The passages, in a fixed order. */
  get passages(): readonly Passage[] {
    return [...this.#passages.values()];
  }

  /**
   * Every passage with its embedding under one embeddings model. Passages not embedded yet are
   * embedded by `embedAll` (all of them the first time, only new ones after an incremental
   * update); embeddings are kept with this index, in memory only, and go when it is dropped.
   * Calls for one model run one after the other, so concurrent questions embed a passage once.
   */
  embedded(model: string, embedAll: (passages: readonly Passage[]) => Promise<Float32Array[]>): Promise<ReadonlyArray<{ readonly passage: Passage; readonly vector: Float32Array }>> {
    const previous = this.#embedding.get(model) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.#embedMissing(model, embedAll));
    this.#embedding.set(model, run);
    return run;
  }

  async #embedMissing(model: string, embedAll: (passages: readonly Passage[]) => Promise<Float32Array[]>) {
    const known = this.#vectors.get(model) ?? new Map<string, Float32Array>();
    this.#vectors.set(model, known);
    const missing = this.passages.filter((passage) => !known.has(passage.id));
    if (missing.length > 0) {
      const vectors = await embedAll(missing);
      // A passage replaced while it was being embedded keeps no vector of its old text.
      missing.forEach((passage, i) => {
        const vector = vectors[i];
        if (vector !== undefined && this.#passages.get(passage.id) === passage) known.set(passage.id, vector);
      });
    }
    return this.passages.flatMap((passage) => {
      const vector = known.get(passage.id);
      return vector === undefined ? [] : [{ passage, vector }];
    });
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

function passageTerms(passage: Passage): Set<string> {
  return new Set(contentTerms(`${passage.title} ${passage.heading} ${passage.text}`));
}
