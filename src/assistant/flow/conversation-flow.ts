import type { Principal } from '../../access/index.js';
import type { RequestContext } from '../../common/index.js';
import {
  addMessage,
  createConversation,
  locateConversation,
  postAssistantReply,
  readForAssistant,
  type AssistantReading,
  type ConversationStatus,
  type NewConversation,
  type VaultDeps,
} from '../../conversations/index.js';
import { isSealdeskError } from '../../errors/index.js';
import { answerCustomerMessage, type AssistantDeps, type ConversationTurn } from '../answer/answer-customer-message.js';
import { failureHandoff, type Citation } from '../answer/assistant-answer.js';

/** What the flow needs: the vault gate's deps, the assistant's, and a log for failed answers. */
export type ConversationFlowDeps = VaultDeps &
  AssistantDeps & {
    /** Told (with ids and an error code, never content) when answering failed and the message was handed over. */
    readonly logger: { error(fields: Record<string, unknown>, message: string): void };
  };

/** The assistant's reply as the customer sees it. */
export interface AssistantReplyView {
  readonly id: string;
  readonly body: string;
  readonly handoff: boolean;
  readonly citations: readonly Citation[];
  readonly confidence: number;
}

/** A message added through the flow: where the conversation stands after it, and the assistant's reply if it gave one. */
export interface FlowResult {
  readonly status: ConversationStatus;
  readonly reply: AssistantReplyView | null;
}

/**
 * A new message in a conversation. A customer's message that leaves the conversation waiting for
 * the assistant (`open`) is answered at once, before this returns; everything else (a member's
 * reply, a customer writing to a human, a confirmation that resolved it) is only stored.
 */
export async function postMessage(
  deps: ConversationFlowDeps,
  principal: Principal,
  request: RequestContext,
  conversationId: string,
  input: { readonly body: string },
): Promise<{ id: string } & FlowResult> {
  const added = await addMessage(deps, principal, request, conversationId, input);
  return { id: added.id, ...(await answerIfWaiting(deps, principal, request, conversationId, added.id, added.status)) };
}

/** `createConversation`, with the assistant answering a contact's first message. */
export async function openConversation(
  deps: ConversationFlowDeps,
  principal: Principal,
  request: RequestContext,
  tenantId: string,
  input: NewConversation,
): Promise<{ id: string; messageId: string } & FlowResult> {
  const created = await createConversation(deps, principal, request, tenantId, input);
  return { id: created.id, messageId: created.messageId, ...(await answerIfWaiting(deps, principal, request, created.id, created.messageId, created.status)) };
}

async function answerIfWaiting(
  deps: ConversationFlowDeps,
  principal: Principal,
  request: RequestContext,
  conversationId: string,
  messageId: string,
  status: ConversationStatus,
): Promise<FlowResult> {
  if (principal.kind !== 'contact' || status !== 'open') return { status, reply: null };
  const answered = await respondToCustomer(deps, request, conversationId, messageId);
  return answered ?? { status: await currentStatus(deps, conversationId), reply: null };
}

/** Where the conversation stands now (a member took it while the assistant was answering). */
async function currentStatus(deps: ConversationFlowDeps, conversationId: string): Promise<ConversationStatus> {
  return (await locateConversation(deps, conversationId)).status as ConversationStatus;
}

/**
 * The assistant's turn: it reads the conversation through the gate as `system:assistant`,
 * answers the customer's message from the tenant's knowledge base (the model, if one is
 * configured, sees pseudonymised text only) or hands it over, and posts the reply with its
 * trace. If answering fails unexpectedly the customer is told a human will help and the
 * conversation waits for one; nothing the customer wrote is lost. Undefined when a human took
 * the conversation first (the assistant then stays out).
 */
export async function respondToCustomer(
  deps: ConversationFlowDeps,
  request: RequestContext,
  conversationId: string,
  customerMessageId: string,
): Promise<FlowResult | undefined> {
  let reading: AssistantReading;
  try {
    reading = await readForAssistant(deps, request, conversationId);
  } catch (error) {
    if (humanTookOver(error)) return undefined;
    throw error;
  }
  const position = reading.messages.findIndex((message) => message.id === customerMessageId);
  const message = reading.messages[position];
  if (message === undefined) return undefined;
  const answer = await answerCustomerMessage(deps, {
    tenantId: reading.tenantId,
    conversationId,
    text: message.body,
    history: reading.messages.slice(0, position).map(toTurn),
    pseudonyms: reading.pseudonyms,
  }).catch((error: unknown) => {
    deps.logger.error({ conversationId, code: isSealdeskError(error) ? error.code : 'internal' }, 'the assistant could not answer; handed over to a human');
    return { ...failureHandoff('assistant-failed', 'none', null), pseudonyms: reading.pseudonyms };
  });
  try {
    const posted = await postAssistantReply(deps, request, reading, {
      customerMessageId,
      text: answer.answer,
      handoff: answer.handoff,
      trace: answer.trace,
      pseudonyms: answer.pseudonyms,
    });
    return {
      status: posted.status,
      reply: { id: posted.id, body: answer.answer, handoff: answer.handoff, citations: answer.citations, confidence: answer.confidence },
    };
  } catch (error) {
    if (humanTookOver(error)) return undefined;
    throw error;
  }
}

/** The gate refusing the assistant, or the status moving under it: a member has the conversation. */
function humanTookOver(error: unknown): boolean {
  return isSealdeskError(error) && (error.code === 'access_denied' || error.code === 'conflict');
}

function toTurn(message: { readonly author: string; readonly body: string }): ConversationTurn {
  const role = message.author === 'contact' ? 'customer' : message.author === 'assistant' ? 'assistant' : 'agent';
  return { role, text: message.body };
}
