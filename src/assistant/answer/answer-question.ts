import type { Passage } from '../kb/passage.js';
import type { TenantIndex } from '../retrieval/tenant-index.js';
import { contentTerms } from '../retrieval/terms.js';
import { answerConfidence } from './answer-confidence.js';
import {
  HANDOFF_MESSAGE,
  REFUSAL_MESSAGE,
  type AnswerDecision,
  type AnswerTrace,
  type AssistantAnswer,
  type HandoffReason,
} from './assistant-answer.js';
import { checkGrounding } from './check-grounding.js';
import { composeAnswer } from './compose-answer.js';
import { checkSafety } from './safety-rules.js';

/** Below this confidence the assistant hands over (calibrated on `eval/`, see docs/assistant.md). */
export const DEFAULT_HANDOFF_THRESHOLD = 0.5;
const OFFLINE = { provider: 'offline', retrieval: 'lexical', fallbackFrom: null } as const;

/** How many passages are retrieved and recorded in the trace. */
export const RETRIEVED_PASSAGES = 5;

/**
 * The offline answerer: deterministic, extractive, no model. In order, each step able to hand over:
 * 1. safety rules on the customer's message: an injection attempt is refused, a sensitive topic
 *    (refunds, money, plan or account changes) goes to a human, whatever the knowledge base says;
 * 2. BM25 retrieval from the tenant's own index only; nothing found → human;
 * 3. confidence below `threshold` → human;
 * 4. extractive composition from the best article, then the grounding check → human if it fails.
 * The trace names passages by id with their scores, never their text.
 */
export function answerQuestion(index: TenantIndex, question: string, threshold = DEFAULT_HANDOFF_THRESHOLD): AssistantAnswer {
  const hits = index.search(question, RETRIEVED_PASSAGES);
  const confidence = answerConfidence(hits, contentTerms(question), (term) => index.termWeight(term));
  const passages = hits.map((hit) => ({ articleId: hit.passage.articleId, passageId: hit.passage.id, score: round(hit.score) }));
  const handOver = (reason: HandoffReason, rule: string | null = null): AssistantAnswer => {
    const decision: AnswerDecision = reason === 'prompt-injection' ? 'refused' : 'handoff';
    const trace: AnswerTrace = { passages, confidence, decision, handoffReason: reason, rule, ...OFFLINE };
    return { answer: decision === 'refused' ? REFUSAL_MESSAGE : HANDOFF_MESSAGE, handoff: true, citations: [], confidence, trace };
  };

  const safety = checkSafety(question);
  if (safety) return handOver(safety.reason, safety.rule);
  const best = hits[0];
  if (!best) return handOver('no-passages');
  if (confidence < threshold) return handOver('low-confidence');

  const composed = composeAnswer(question, hits);
  const cited: Passage[] = hits.filter((hit) => composed.passageIds.includes(hit.passage.id)).map((hit) => hit.passage);
  if (!checkGrounding(composed.sentences, cited)) return handOver('grounding-failed');

  const body = composed.steps ? composed.sentences.join('\n') : composed.sentences.join(' ');
  const answer = `${body}\n\nSource: "${best.passage.title}"`;
  const citation = { articleId: best.passage.articleId, sourceId: best.passage.sourceId, title: best.passage.title };
  const trace: AnswerTrace = { passages, confidence, decision: 'answered', handoffReason: null, rule: null, ...OFFLINE };
  return { answer, handoff: false, citations: [citation], confidence, trace };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
