import type { Kysely } from 'kysely';
import type { Clock } from '../../common/index.js';
import type { KeyRing } from '../../crypto/index.js';
import { emptyMapping, type PseudonymMapping } from '../../privacy/index.js';
import type { Database } from '../../store/index.js';
import type { KbIndexes } from '../retrieval/kb-indexes.js';
import { answerQuestion } from './answer-question.js';
import type { AssistantAnswer } from './assistant-answer.js';

/** What the assistant needs to answer a customer: the tenant's indexes and sealed settings. */
export interface AssistantDeps {
  readonly db: Kysely<Database>;
  readonly keyRing: KeyRing;
  readonly clock: Clock;
  readonly indexes: KbIndexes;
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
 * that tenant's knowledge base only, or hands it over. The caller has already passed the gate as
 * the system principal; this function never reads conversation content itself.
 */
export async function answerCustomerMessage(deps: AssistantDeps, message: CustomerMessage): Promise<CustomerAnswer> {
  const answer = answerQuestion(await deps.indexes.forTenant(message.tenantId), message.text);
  return { ...answer, pseudonyms: message.pseudonyms ?? emptyMapping() };
}
