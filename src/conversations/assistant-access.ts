import { enforce, type Principal } from '../access/index.js';
import { newId, type RequestContext } from '../common/index.js';
import type { UnwrapJustification } from '../crypto/index.js';
import { SealdeskError } from '../errors/index.js';
import type { PseudonymMapping } from '../privacy/index.js';
import {
  appendMessage,
  findConversation,
  insertAnswerTrace,
  listMessages,
  moveConversationStatus,
  setConversationPseudonyms,
} from '../store/index.js';
import { conversationPseudonymsBinding, messageBodyBinding } from './bindings.js';
import { conversationFacts } from './conversation-facts.js';
import type { ConversationStatus } from './conversation-status.js';
import { locateConversation } from './locate-conversation.js';
import { openPseudonyms } from './open-pseudonyms.js';
import type { VaultDeps } from './vault-deps.js';

/** The AI agent, as the gate and the audit log know it (`system:assistant`). */
export const ASSISTANT: Principal = { kind: 'system', id: 'system', job: 'assistant' };

/** How the assistant's messages are stored and shown: `author.kind` `assistant`. */
const ASSISTANT_AUTHOR = { kind: 'assistant', id: 'assistant' } as const;

/** What the assistant reads of a conversation waiting for it: its messages and pseudonyms, never the contact's details. */
export interface AssistantReading {
  readonly tenantId: string;
  readonly conversationId: string;
  readonly contactId: string;
  /** Oldest first; `author` is `contact`, `member` or `assistant`. */
  readonly messages: ReadonlyArray<{ readonly id: string; readonly author: string; readonly body: string }>;
  readonly pseudonyms: PseudonymMapping;
  readonly justification: UnwrapJustification;
}

/** The reply to post, and what it was based on. */
export interface AssistantReply {
  readonly customerMessageId: string;
  readonly text: string;
  readonly handoff: boolean;
  /** The answer's trace (the assistant's `AnswerTrace`: ids, scores and decisions only), stored whole. */
  readonly trace: { readonly decision: string; readonly handoffReason: string | null; readonly provider: string };
  /** The conversation's mapping, extended with this message's values. */
  readonly pseudonyms: PseudonymMapping;
}

/**
 * The assistant's read of a conversation, through the gate as `system:assistant`: allowed only
 * while the conversation waits for it (status `open`), recorded as `content.read` of the message
 * bodies. Raises `access_denied` once a human has taken it.
 */
export async function readForAssistant(deps: VaultDeps, request: RequestContext, conversationId: string): Promise<AssistantReading> {
  const conversation = await locateConversation(deps, conversationId);
  const tenantId = conversation.tenant_id;
  const { justification } = await enforce(deps, {
    principal: ASSISTANT,
    action: 'conversation.read',
    resource: { tenantId, conversation: conversationFacts(conversation) },
    request,
    audit: { action: 'content.read', conversation: conversationId, contact: conversation.contact_id, fields: ['messages.body', 'conversations.pseudonyms'] },
  });
  const rows = await listMessages(deps.db, tenantId, conversationId);
  const messages = await Promise.all(
    rows.map(async (row) => ({
      id: row.id,
      author: row.author_kind,
      body: await deps.keyRing.openText(row.body_enc, messageBodyBinding(tenantId, row.id, conversation.contact_id), justification),
    })),
  );
  const pseudonyms = await openPseudonyms(deps, conversation, justification);
  return { tenantId, conversationId, contactId: conversation.contact_id, messages, pseudonyms, justification };
}

/**
 * Posts the assistant's reply (an answer, or the handoff notice) through the gate, sealed like
 * any message, with its trace and the conversation's updated mapping, and moves the conversation
 * to `answered_by_ai` or `waiting_for_human`. Refused (`access_denied`) if a human took the
 * conversation meanwhile; `conflict` if it moved while the reply was being stored.
 */
export async function postAssistantReply(
  deps: VaultDeps,
  request: RequestContext,
  reading: AssistantReading,
  reply: AssistantReply,
): Promise<{ id: string; status: ConversationStatus }> {
  const { tenantId, conversationId, contactId } = reading;
  const conversation = await findConversation(deps.db, tenantId, conversationId);
  if (!conversation) throw new SealdeskError('not_found');
  const { justification } = await enforce(deps, {
    principal: ASSISTANT,
    action: 'message.create',
    resource: { tenantId, conversation: conversationFacts(conversation) },
    request,
    audit: {
      action: 'message.created',
      conversation: conversationId,
      fields: ['messages.body', 'conversations.pseudonyms'],
      details: { decision: reply.trace.decision, ...(reply.trace.handoffReason !== null && { handoffReason: reply.trace.handoffReason }) },
    },
  });
  const id = newId('message');
  const status: ConversationStatus = reply.handoff ? 'waiting_for_human' : 'answered_by_ai';
  const bodyEnc = await deps.keyRing.seal(reply.text, messageBodyBinding(tenantId, id, contactId), justification);
  const pseudonymsEnc = await deps.keyRing.seal(JSON.stringify(reply.pseudonyms), conversationPseudonymsBinding(tenantId, conversationId, contactId), justification);
  await deps.db.transaction().execute(async (trx) => {
    const createdAt = deps.clock.now().toISOString();
    await appendMessage(trx, {
      id,
      tenant_id: tenantId,
      conversation_id: conversationId,
      author_kind: ASSISTANT_AUTHOR.kind,
      author_id: ASSISTANT_AUTHOR.id,
      body_enc: bodyEnc,
      created_at: createdAt,
    });
    // A member who claimed or wrote meanwhile has the conversation now: the reply is not sent.
    if (!(await moveConversationStatus(trx, tenantId, conversationId, { from: 'open', to: status, now: createdAt }))) {
      throw new SealdeskError('conflict', { detail: 'the conversation left status open while the assistant answered' });
    }
    await setConversationPseudonyms(trx, tenantId, conversationId, pseudonymsEnc);
    await insertAnswerTrace(trx, {
      id: newId('answerTrace'),
      tenant_id: tenantId,
      conversation_id: conversationId,
      customer_message_id: reply.customerMessageId,
      reply_message_id: id,
      decision: reply.trace.decision,
      handoff_reason: reply.trace.handoffReason,
      provider: reply.trace.provider,
      trace_json: JSON.stringify(reply.trace),
      created_at: createdAt,
    });
  });
  return { id, status };
}
