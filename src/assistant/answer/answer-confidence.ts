import type { SearchHit } from '../retrieval/search-hit.js';

/**
 * The confidence that the best hit answers the question, in 0…1, from two BM25-derived signals:
 * - coverage: the weighted share of the question's distinct content terms found in the best
 *   passage, each term weighted by its rarity in the tenant's KB (`weight`, an IDF), so that
 *   a missing rare word (a product the KB never names) counts more than a missing common one;
 * - margin: how far the best article's score stands above the next article's, `1 − s₂/s₁`
 *   (a clear winner is more likely right than a near tie).
 * `0.75·coverage + 0.25·margin`; the weights and the handoff threshold are calibrated on the
 * evaluation set in `eval/` (see docs/assistant.md). No hits, or no content terms: 0.
 */
export function answerConfidence(hits: readonly SearchHit[], questionTerms: readonly string[], weight: (term: string) => number): number {
  const best = hits[0];
  const distinct = [...new Set(questionTerms)];
  if (!best || distinct.length === 0) return 0;
  const matched = new Set(best.matchedTerms);
  const total = distinct.reduce((sum, term) => sum + weight(term), 0);
  const coverage = total === 0 ? 0 : distinct.filter((term) => matched.has(term)).reduce((sum, term) => sum + weight(term), 0) / total;
  const runnerUp = hits.find((hit) => hit.passage.articleId !== best.passage.articleId);
  const margin = runnerUp ? Math.max(0, 1 - runnerUp.score / best.score) : 1;
  return round(Math.min(1, 0.75 * Math.min(1, coverage) + 0.25 * margin));
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
