import type { SearchHit } from '../retrieval/search-hit.js';
import { contentTerms } from '../retrieval/terms.js';
import { looksLikeInjection } from './safety-rules.js';
import { isStep, textUnits } from './text-units.js';

/** An extractive answer: sentences quoted verbatim from the passages of one article. */
export interface ComposedAnswer {
  readonly sentences: readonly string[];
  readonly passageIds: readonly string[];
  /** Whether the sentences are numbered steps, shown one per line. */
  readonly steps: boolean;
}

/** At most this many sentences, or this many steps, are quoted. */
export const MAX_SENTENCES = 3;
export const MAX_STEPS = 8;
/** Passages of the best article considered. */
export const MAX_PASSAGES = 3;

/**
 * Picks what to quote from the best article's top passages among `hits`. Each sentence or step
 * scores the question's content terms it shares, plus one for an instruction (how-to questions)
 * or a figure (how-many questions). For a how-to question whose best step scores at least as
 * well as the best sentence, that step's numbered steps, in order; otherwise the best-scoring sentences
 * (within one of the top score, at most `MAX_SENTENCES`, in their original order). Sentences
 * that read like instructions to the assistant are never quoted. Empty when nothing is quotable.
 */
export function composeAnswer(question: string, hits: readonly SearchHit[]): ComposedAnswer {
  const best = hits[0];
  if (!best) return { sentences: [], passageIds: [], steps: false };
  const passages = hits.filter((hit) => hit.passage.articleId === best.passage.articleId).slice(0, MAX_PASSAGES);
  const terms = new Set(contentTerms(question));
  const wantsSteps = HOW_TO.test(question);
  const wantsNumber = HOW_MUCH.test(question);
  const candidates = passages.flatMap((hit, rank) =>
    textUnits(hit.passage.text)
      .filter((unit) => !looksLikeInjection(unit))
      .map((unit, position) => ({ unit, passageId: hit.passage.id, rank, position, score: score(unit, terms, wantsSteps, wantsNumber) })),
  );
  const byScore = [...candidates].sort((a, b) => b.score - a.score || a.rank - b.rank || a.position - b.position);
  const bestStep = byScore.find((candidate) => isStep(candidate.unit));
  const bestSentence = byScore.find((candidate) => !isStep(candidate.unit));
  if (wantsSteps && bestStep && bestStep.score > 0 && bestStep.score >= (bestSentence?.score ?? 0)) {
    const steps = candidates.filter((candidate) => candidate.passageId === bestStep.passageId && isStep(candidate.unit));
    if (steps.length >= 2) return { sentences: steps.slice(0, MAX_STEPS).map((step) => step.unit), passageIds: [bestStep.passageId], steps: true };
  }
  const top = byScore[0]?.score ?? 0;
  const chosen = byScore
    .filter((candidate) => candidate.score > 0 && candidate.score >= top - 1)
    .slice(0, MAX_SENTENCES)
    .sort((a, b) => a.rank - b.rank || a.position - b.position);
  const picked = chosen.length > 0 ? chosen : candidates.slice(0, 1);
  return {
    sentences: picked.map((candidate) => candidate.unit),
    passageIds: [...new Set(picked.map((candidate) => candidate.passageId))],
    steps: false,
  };
}

/** "How do I…", "what should I do", "walk me through": the steps or instructions are the answer. */
const HOW_TO = /^\s*(how (do|can|should) (i|we|you)|how to|what should (i|we) do|what are the steps|walk me through)\b|\bwhat (should|can) (i|we) do\b/i;
/** "How many…", "how long…", "maximum…": a sentence with a figure is the answer. */
const HOW_MUCH = /\b(how (many|long|often|big|large)|maximum|minimum|limit|at most|up to)\b/i;
/** Sentences that tell the reader what to do. */
const INSTRUCTION = /^(to [a-z]+|open|select|choose|go|press|click|drag|type|enter|pick|use|set|turn|save|scan|sign|copy|create|check|reload)\b/i;

const STEP_NUMBER = /^(\d{1,2}[.)]|step\s+\d+[:.)]?)\s+/i;

/** Distinct question terms in the unit, plus one for an instruction (how-to) or a figure (how-many). */
function score(unit: string, terms: ReadonlySet<string>, wantsSteps: boolean, wantsNumber: boolean): number {
  const overlap = new Set(contentTerms(unit).filter((term) => terms.has(term))).size;
  const bonus = (wantsSteps && INSTRUCTION.test(unit.replace(STEP_NUMBER, '')) ? 1 : 0) + (wantsNumber && /\d/.test(unit) ? 1 : 0);
  return overlap === 0 && bonus === 0 ? 0 : overlap + bonus;
}
