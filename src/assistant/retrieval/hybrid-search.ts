import type { PseudonymisedText } from '../../privacy/index.js';
import type { Passage } from '../kb/passage.js';
import type { EmbeddingProvider } from '../providers/chat-provider.js';
import type { SearchHit } from './search-hit.js';
import type { TenantIndex } from './tenant-index.js';

/** Passages sent per embeddings request. */
export const EMBEDDING_BATCH = 64;
/** How deep each ranking goes before fusion. */
const CANDIDATES = 20;
/** Reciprocal-rank-fusion constant (Cormack et al.): dampens the weight of the very top ranks. */
const RRF_K = 60;

/**
 * BM25 and embedding similarity fused by reciprocal rank: each passage scores Σ 1/(60 + rank)
 * over the two rankings. The lexical query is the customer's text (it never leaves the process);
 * the embedded query is its pseudonymised form, the only one sent to the provider. Passages are
 * embedded once per index and model (see `TenantIndex.embedded`). A hit's `matchedTerms` are
 * the BM25 ones (empty when only the embeddings found it).
 */
export async function hybridSearch(
  index: TenantIndex,
  embeddings: EmbeddingProvider,
  query: { readonly lexical: string; readonly embedded: PseudonymisedText },
  limit: number,
  signal: AbortSignal,
): Promise<SearchHit[]> {
  const lexical = index.search(query.lexical, CANDIDATES);
  const embedded = await index.embedded(embeddings.name, (passages) => embedPassages(embeddings, passages, signal));
  const [queryVector] = await embeddings.embed([query.embedded], signal);
  if (queryVector === undefined) return lexical.slice(0, limit);
  const target = normalised(Float32Array.from(queryVector));
  const semantic = embedded
    .map(({ passage, vector }) => ({ passage, similarity: dot(vector, target) }))
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, CANDIDATES);

  const fused = new Map<string, { passage: Passage; score: number; matchedTerms: readonly string[] }>();
  const add = (passage: Passage, rank: number, matchedTerms: readonly string[]) => {
    const entry = fused.get(passage.id) ?? { passage, score: 0, matchedTerms };
    entry.score += 1 / (RRF_K + rank + 1);
    if (matchedTerms.length > 0) entry.matchedTerms = matchedTerms;
    fused.set(passage.id, entry);
  };
  lexical.forEach((hit, rank) => add(hit.passage, rank, hit.matchedTerms));
  semantic.forEach((hit, rank) => add(hit.passage, rank, []));
  return [...fused.values()].sort((a, b) => b.score - a.score).slice(0, limit);
}

async function embedPassages(embeddings: EmbeddingProvider, passages: readonly Passage[], signal: AbortSignal): Promise<Float32Array[]> {
  const vectors: Float32Array[] = [];
  for (let start = 0; start < passages.length; start += EMBEDDING_BATCH) {
    const batch = passages.slice(start, start + EMBEDDING_BATCH).map((p) => `${p.title}\n${p.heading}\n${p.text}`);
    for (const vector of await embeddings.embed(batch, signal)) vectors.push(normalised(Float32Array.from(vector)));
  }
  return vectors;
}

function normalised(vector: Float32Array): Float32Array {
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector : vector.map((x) => x / norm);
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) sum += (a[i] as number) * (b[i] as number);
  return sum;
}
