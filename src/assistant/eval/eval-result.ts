import type { AssistantAnswer } from '../answer/assistant-answer.js';
import type { EvalQuestion } from './eval-question.js';

/** One question as the pipeline handled it. */
export interface EvalResult {
  readonly question: EvalQuestion;
  readonly answer: AssistantAnswer;
  /** Source ids (file names) of the distinct articles retrieved, best first. */
  readonly retrieved: readonly string[];
}

/** The line `--out` writes for a result. */
export function answerLine(result: EvalResult): { id: string; answer: string; citations: string[]; handoff: boolean; confidence: number } {
  return {
    id: result.question.id,
    answer: result.answer.answer,
    citations: result.answer.citations.map((citation) => citation.sourceId),
    handoff: result.answer.handoff,
    confidence: result.answer.confidence,
  };
}
