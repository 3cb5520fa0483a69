import type { Kysely } from 'kysely';
import type { Clock } from '../../common/index.js';
import type { KeyRing } from '../../crypto/index.js';
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

/** One customer message to answer, already read through the vault gate by the caller. */
export interface CustomerMessage {
  readonly tenantId: string;
  readonly conversationId: string;
  readonly text: string;
}

/**
 * The assistant's one entry point for the conversation flow: answers a customer's message from
 * that tenant's knowledge base only, or hands it over. The caller has already passed the gate as
 * the system principal; this function never reads conversation content itself.
 */
export async function answerCustomerMessage(deps: AssistantDeps, message: CustomerMessage): Promise<AssistantAnswer> {
  return answerQuestion(await deps.indexes.forTenant(message.tenantId), message.text);
}
