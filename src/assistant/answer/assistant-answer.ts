/** Why the assistant handed a message to a human instead of answering. */
export type HandoffReason =
  | 'prompt-injection'
  | 'sensitive-topic'
  | 'human-requested'
  | 'no-passages'
  | 'low-confidence'
  | 'grounding-failed'
  /** A model said the passages do not answer the question. */
  | 'model-declined'
  /** The model failed and the tenant's fallback is a human. */
  | 'provider-failed'
  /** Answering failed for another reason (the knowledge base could not be read, …). */
  | 'assistant-failed';

/** `answered`: sent; `handoff`: passed to a human; `refused`: an injection attempt, refused and passed to a human. */
export type AnswerDecision = 'answered' | 'handoff' | 'refused';

/** An article an answer is drawn from. */
export interface Citation {
  readonly articleId: string;
  readonly sourceId: string;
  readonly title: string;
}

/** What an answer was based on, for agents and auditors: ids and scores, never passage text. */
export interface AnswerTrace {
  readonly passages: ReadonlyArray<{ readonly articleId: string; readonly passageId: string; readonly score: number }>;
  readonly confidence: number;
  readonly decision: AnswerDecision;
  readonly handoffReason: HandoffReason | null;
  /** The safety rule that decided, when one did. */
  readonly rule: string | null;
  /** Who answered: `offline`, or the model (`openai-compatible:llama3.1`, `anthropic:…`, `local:…`). */
  readonly provider: string;
  /** `hybrid`: BM25 fused with embeddings. */
  readonly retrieval: 'lexical' | 'hybrid';
  /** The model that failed, when this answer is the tenant's fallback. */
  readonly fallbackFrom: string | null;
}

/** The assistant's reply to one customer message. */
export interface AssistantAnswer {
  /** The text to send: the grounded answer, or the handoff message. */
  readonly answer: string;
  readonly handoff: boolean;
  /** Empty on handoff. */
  readonly citations: readonly Citation[];
  /** 0…1; see `answerConfidence`. */
  readonly confidence: number;
  readonly trace: AnswerTrace;
}

/** What the customer is told when a human takes over. */
export const HANDOFF_MESSAGE = 'Let me get a human to help with this.';
/** What the customer is told when a message tries to steer the assistant. */
export const REFUSAL_MESSAGE = "I can't help with that request. Let me get a human to help with this.";

/** A handoff decided outside the answerers (a failed model, a failed answer): no passages, no confidence. */
export function failureHandoff(reason: 'provider-failed' | 'assistant-failed', provider: string, fallbackFrom: string | null): AssistantAnswer {
  return {
    answer: HANDOFF_MESSAGE,
    handoff: true,
    citations: [],
    confidence: 0,
    trace: { passages: [], confidence: 0, decision: 'handoff', handoffReason: reason, rule: null, provider, retrieval: 'lexical', fallbackFrom },
  };
}
