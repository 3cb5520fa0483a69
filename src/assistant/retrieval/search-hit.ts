import type { Passage } from '../kb/passage.js';

/** A passage found for a query, with its BM25 score and the query terms it contains. */
export interface SearchHit {
  readonly passage: Passage;
  readonly score: number;
  /** Stemmed query terms found in the passage (title, heading or text). */
  readonly matchedTerms: readonly string[];
}
