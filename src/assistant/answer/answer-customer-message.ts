import type { Kysely } from 'kysely';
import type { Clock } from '../../common/index.js';
import type { KeyRing } from '../../crypto/index.js';
import { isSealdeskError } from '../../errors/index.js';
import { createConversationPseudonymiser, emptyMapping, type PseudonymMapping } from '../../privacy/index.js';
import type { Database } from '../../store/index.js';
import { providersFor, type AnswerRuntime } from '../providers/answer-runtime.js';
import type { KbIndexes } from '../retrieval/kb-indexes.js';
import { loadAssistantSettings } from '../settings/manage-assistant-settings.js';
import { answerQuestion } from './answer-question.js';
import { failureHandoff, type AssistantAnswer } from './assistant-answer.js';
import { generateAnswer } from './generate-answer.js';

/** What the assistant needs to answer a customer: the tenant's indexes and sealed settings. */
export interface AssistantDeps {
  readonly db: Kysely<Database>;
  readonly keyRing: KeyRing;
  readonly clock: Clock;
  readonly indexes: KbIndexes;
  readonly answerRuntime: AnswerRuntime;
}

/** An earlier message of the conversation, as context for a generated answer. */
export interface ConversationTurn {
  readonly role: 'customer' | 'assistant' | 'agent';
  readonly text: string;
}

/** One customer message to answer, already read through the vault gate by the caller. */
export interface CustomerMessage {
  readonly tenantId: string;
  readonly conversationId: string;
  readonly text: string;
  /** Earlier messages, oldest first (without `text`); only a generated answer reads them. */
  readonly history?: readonly ConversationTurn[];
  /** The conversation's pseudonym mapping, unsealed by the caller; absent for a new conversation. */
  readonly pseudonyms?: PseudonymMapping;
}

/** The reply, and the conversation's mapping extended with this message's values (store it sealed). */
export interface CustomerAnswer extends AssistantAnswer {
  readonly pseudonyms: PseudonymMapping;
}

/**
 * The assistant's one entry point for the conversation flow: answers a customer's message from
 * that tenant's knowledge base only, or hands it over. The tenant's settings choose the offline
 * answerer or a model (`generateAnswer`); when the model fails, the tenant's fallback applies —
 * the offline answer or a human — and the trace names the model that failed. The caller has
 * already passed the gate as the system principal; this function never reads conversation
 * content itself.
 */
export async function answerCustomerMessage(deps: AssistantDeps, message: CustomerMessage): Promise<CustomerAnswer> {
  return answerFromTenantKb(deps, message.tenantId, message.text, message.history ?? [], message.pseudonyms ?? emptyMapping());
}

/** `answerCustomerMessage` without a conversation: also the members' answer route. */
export async function answerFromTenantKb(
  deps: AssistantDeps,
  tenantId: string,
  text: string,
  history: readonly ConversationTurn[],
  pseudonyms: PseudonymMapping,
): Promise<CustomerAnswer> {
  const index = await deps.indexes.forTenant(tenantId);
  const settings = await loadAssistantSettings(deps, tenantId);
  const pseudonymiser = createConversationPseudonymiser(deps.answerRuntime.detector(), pseudonyms);
  // Bounds the whole answer (retries, embeddings, answer and grounding check), not one call.
  const signal = AbortSignal.timeout(settings.timeoutMs * ANSWER_TIME_BUDGET);
  let failed: string = settings.provider;
  try {
    const providers = providersFor(settings, deps.answerRuntime);
    if (providers === undefined) return { ...answerQuestion(index, text), pseudonyms: pseudonymiser.mapping };
    failed = providers.chat.name;
    const answer = await generateAnswer(index, { text, history, pseudonymiser, chat: providers.chat, embeddings: providers.embeddings, signal });
    return { ...answer, pseudonyms: pseudonymiser.mapping };
  } catch (error) {
    const providerFailed = signal.aborted || (isSealdeskError(error) && error.code === 'provider_unavailable');
    if (!providerFailed) throw error;
    return { ...fallback(settings.onFailure, failed, () => answerQuestion(index, text)), pseudonyms: pseudonymiser.mapping };
  }
}

/** The whole answer may take this many times the tenant's per-call timeout. */
export const ANSWER_TIME_BUDGET = 4;

function fallback(onFailure: 'offline' | 'human', failed: string, offline: () => AssistantAnswer): AssistantAnswer {
  if (onFailure === 'offline') {
    const answer = offline();
    return { ...answer, trace: { ...answer.trace, fallbackFrom: failed } };
  }
  return failureHandoff('provider-failed', failed, failed);
}

