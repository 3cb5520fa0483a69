import { enforce, type Principal } from '../access/index.js';
import type { RequestContext } from '../common/index.js';
import { listAnswerTraces } from '../store/index.js';
import { conversationFacts } from './conversation-facts.js';
import { locateConversation } from './locate-conversation.js';
import type { VaultDeps } from './vault-deps.js';

/** One assistant reply's trace: which customer message it answered, how, and from what. */
export interface AnswerTraceView {
  readonly id: string;
  readonly customerMessageId: string;
  readonly replyMessageId: string;
  readonly createdAt: string;
  /** The stored `AnswerTrace`: passages (ids and scores), confidence, decision, handoff reason, rule, provider. */
  readonly trace: Readonly<Record<string, unknown>>;
}

/**
 * The traces of a conversation's assistant replies, for agents and auditors. Traces hold ids,
 * scores and decisions, never text, so reading them is not a content read (`answer-trace.read`).
 */
export async function readAnswerTraces(deps: VaultDeps, principal: Principal, request: RequestContext, conversationId: string): Promise<AnswerTraceView[]> {
  const conversation = await locateConversation(deps, conversationId);
  await enforce(deps, {
    principal,
    action: 'answer-trace.read',
    resource: { tenantId: conversation.tenant_id, conversation: conversationFacts(conversation) },
    request,
    audit: { action: 'answer-trace.read', conversation: conversationId },
  });
  const rows = await listAnswerTraces(deps.db, conversation.tenant_id, conversationId);
  return rows.map((row) => ({
    id: row.id,
    customerMessageId: row.customer_message_id,
    replyMessageId: row.reply_message_id,
    createdAt: row.created_at,
    trace: JSON.parse(row.trace_json) as Record<string, unknown>,
  }));
}
