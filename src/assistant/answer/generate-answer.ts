import type { ConversationPseudonymiser, PseudonymisedText } from '../../privacy/index.js';
import type { Passage } from '../kb/passage.js';
import type { ChatMessage, ChatProvider, EmbeddingProvider, ModelText } from '../providers/chat-provider.js';
import { hybridSearch } from '../retrieval/hybrid-search.js';
import type { SearchHit } from '../retrieval/search-hit.js';
import type { TenantIndex } from '../retrieval/tenant-index.js';
import { contentTerms } from '../retrieval/terms.js';
import { answerConfidence } from './answer-confidence.js';
import { RETRIEVED_PASSAGES } from './answer-question.js';
import {
  HANDOFF_MESSAGE,
  REFUSAL_MESSAGE,
  type AnswerDecision,
  type AnswerTrace,
  type AssistantAnswer,
  type Citation,
  type HandoffReason,
} from './assistant-answer.js';
import { answerPrompt, DECLINE_MARKER, groundingPrompt, SUPPORTED } from './model-prompts.js';
import { checkSafety, looksLikeInjection, SENSITIVE_RULES } from './safety-rules.js';
import { wordsOf } from './word-forms.js';

/** Earlier messages sent with the question, at most. */
export const MAX_HISTORY_TURNS = 10;
export const ANSWER_MAX_TOKENS = 512;

export interface GenerationInput {
  readonly text: string;
  /** Earlier messages, oldest first, as the conversation holds them (real values). */
  readonly history: ReadonlyArray<{ readonly role: 'customer' | 'assistant' | 'agent'; readonly text: string }>;
  readonly pseudonymiser: ConversationPseudonymiser;
  readonly chat: ChatProvider;
  readonly embeddings: EmbeddingProvider | undefined;
  readonly signal: AbortSignal;
}

/**
 * A generated answer. In order, each step able to hand over:
 * 1. the same deterministic safety rules as the offline answerer, on the customer's message;
 * 2. retrieval from the tenant's own index (BM25, or hybrid when embeddings are configured);
 *    nothing found → human;
 * 3. the model, shown the passages and the pseudonymised conversation only; it may decline;
 * 4. the answer must cite passages, and must not touch refunds, money or account changes (the
 *    sensitive rules again, on the reply) — else human;
 * 5. the grounding check: the same model, as supervisor, judges the answer against the passages
 *    it cites; anything but SUPPORTED → human;
 * 6. tokens restored for the customer (card numbers masked).
 * A provider failure propagates (`provider_unavailable`); the caller applies the tenant's fallback.
 */
export async function generateAnswer(index: TenantIndex, input: GenerationInput): Promise<AssistantAnswer> {
  const { pseudonymiser, chat } = input;
  const question = pseudonymiser.pseudonymise(input.text).text;
  const history = input.history.slice(-MAX_HISTORY_TURNS).map((turn) => ({
    role: turn.role === 'customer' ? ('user' as const) : ('assistant' as const),
    content: pseudonymiser.pseudonymise(turn.text).text,
  }));
  const lexical = index.search(input.text, RETRIEVED_PASSAGES);
  const confidence = answerConfidence(lexical, contentTerms(input.text), (term) => index.termWeight(term));
  let hits: SearchHit[] = lexical;
  let retrieval: AnswerTrace['retrieval'] = 'lexical';
  if (input.embeddings) {
    hits = await hybridSearch(index, input.embeddings, { lexical: input.text, embedded: question }, RETRIEVED_PASSAGES, input.signal);
    retrieval = 'hybrid';
  }
  const passages = hits.filter((hit) => !looksLikeInjection(hit.passage.text)).map((hit) => hit.passage);
  const tracePassages = hits.map((hit) => ({ articleId: hit.passage.articleId, passageId: hit.passage.id, score: round(hit.score) }));
  const trace = (decision: AnswerDecision, handoffReason: HandoffReason | null, rule: string | null): AnswerTrace => ({
    passages: tracePassages,
    confidence,
    decision,
    handoffReason,
    rule,
    provider: chat.name,
    retrieval,
    fallbackFrom: null,
  });
  const handOver = (reason: HandoffReason, rule: string | null = null): AssistantAnswer => {
    const decision: AnswerDecision = reason === 'prompt-injection' ? 'refused' : 'handoff';
    return { answer: decision === 'refused' ? REFUSAL_MESSAGE : HANDOFF_MESSAGE, handoff: true, citations: [], confidence, trace: trace(decision, reason, rule) };
  };

  const safety = checkSafety(input.text);
  if (safety) return handOver(safety.reason, safety.rule);
  if (passages.length === 0) return handOver('no-passages');

  const messages = alternating([...history, { role: 'user', content: question }]);
  const reply = await chat.complete({ system: answerPrompt(passages), messages, maxTokens: ANSWER_MAX_TOKENS, signal: input.signal });
  if (reply.text === '' || reply.text.includes(DECLINE_MARKER)) return handOver('model-declined');
  const cited = citedPassages(reply.text, passages);
  if (cited.length === 0) return handOver('grounding-failed', 'no-citation');
  const words = wordsOf(reply.text);
  const promise = SENSITIVE_RULES.find(([, rule]) => rule(reply.text, words));
  if (promise) return handOver('sensitive-topic', `reply-${promise[0]}`);

  const verdict = await chat.complete({
    system: groundingPrompt(cited),
    messages: [{ role: 'user', content: withoutCitations(reply.text) }],
    maxTokens: 8,
    signal: input.signal,
  });
  if (verdict.text.trim().toUpperCase().replace(/[^A-Z]/g, '') !== SUPPORTED) return handOver('grounding-failed', 'supervisor');

  const citations = uniqueArticles(cited);
  const restored = pseudonymiser.restore(withoutCitations(reply.text), { cards: 'mask' });
  const sources = citations.map((c) => `"${c.title}"`).join(', ');
  return {
    answer: `${restored}\n\nSource${citations.length > 1 ? 's' : ''}: ${sources}`,
    handoff: false,
    citations,
    confidence,
    trace: trace('answered', null, null),
  };
}

/** Chat APIs want user and assistant turns alternating, starting with the user: merge neighbours. */
function alternating(messages: readonly ChatMessage[]): ChatMessage[] {
  const merged: Array<{ role: ChatMessage['role']; parts: ChatMessage['content'][] }> = [];
  for (const message of messages) {
    const last = merged.at(-1);
    if (last?.role === message.role) last.parts.push(message.content);
    else if (merged.length > 0 || message.role === 'user') merged.push({ role: message.role, parts: [message.content] });
  }
  // Joining pseudonymised parts with blank lines creates no new values, so the result is still pseudonymised.
  return merged.map((m) => ({ role: m.role, content: m.parts.join('\n\n') as PseudonymisedText }));
}

function citedPassages(reply: ModelText, passages: readonly Passage[]): Passage[] {
  const numbers = new Set([...reply.matchAll(/\[(\d{1,2})\]/g)].map((m) => Number(m[1])));
  return [...numbers].sort((a, b) => a - b).flatMap((n) => (passages[n - 1] ? [passages[n - 1] as Passage] : []));
}

function withoutCitations(text: ModelText): ModelText {
  return text.replace(/\s*\[\d{1,2}\]/g, '').trim() as ModelText;
}

function uniqueArticles(passages: readonly Passage[]): Citation[] {
  const seen = new Map<string, Citation>();
  for (const p of passages) if (!seen.has(p.articleId)) seen.set(p.articleId, { articleId: p.articleId, sourceId: p.sourceId, title: p.title });
  return [...seen.values()];
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
