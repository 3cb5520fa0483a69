import type { Principal } from '../../access/index.js';
import { newId, type Clock, type RequestContext } from '../../common/index.js';
import { startWidgetSession } from '../../conversations/index.js';
import { listAnswerTraces } from '../../store/index.js';
import type { AnswerTrace, AssistantAnswer } from '../answer/assistant-answer.js';
import { openConversation, type ConversationFlowDeps } from '../flow/conversation-flow.js';
import { ingestDirectory } from '../kb/ingest-directory.js';
import { createAnswerRuntime } from '../providers/answer-runtime.js';
import { KbIndexes } from '../retrieval/kb-indexes.js';
import type { EvalQuestion } from './eval-question.js';
import type { EvalResult } from './eval-result.js';
import { createScratchInstallation } from './scratch-installation.js';
import { scoreEval, type EvalReport } from './score-eval.js';

/** How many passages are searched to rank articles for hit@k. */
const RANKING_DEPTH = 30;

/**
 * The whole pipeline on an evaluation set: a scratch installation and tenant, the directory
 * ingested (sealed, audited) as the system principal, then every question asked as a customer
 * message in a conversation of its own — a widget contact opens it and the assistant answers
 * through the conversation flow (the gate, the tenant's settings: the offline answerer), with
 * the trace it stored — then scored. The scratch installation is deleted
 * afterwards, also on failure; an answer that fails (rather than hands over) fails the run.
 */
export async function runEval(
  options: { readonly kbDir: string; readonly questions: readonly EvalQuestion[]; readonly clock: Clock },
): Promise<{ report: EvalReport; results: EvalResult[] }> {
  const scratch = await createScratchInstallation(options.clock);
  try {
    const { installation, tenantId } = scratch;
    const indexes = new KbIndexes({ db: installation.store.db, keyRing: installation.keyRing });
    const deps: ConversationFlowDeps = {
      db: installation.store.db,
      keyRing: installation.keyRing,
      audit: installation.audit,
      clock: options.clock,
      indexes,
      answerRuntime: createAnswerRuntime(),
      logger: {
        error(fields) {
          throw new Error(`the assistant failed to answer (${String(fields.code)})`);
        },
      },
    };
    const request = (): RequestContext => ({ requestId: newId('request'), channel: 'cli' });
    const system: Principal = { kind: 'system', id: 'system', job: 'eval' };
    await ingestDirectory(deps, system, request(), tenantId, options.kbDir);
    const index = await indexes.forTenant(tenantId);
    const results: EvalResult[] = [];
    for (const question of options.questions) {
      const session = await startWidgetSession(deps, request(), tenantId, {});
      const customer: Principal = { kind: 'contact', id: session.contactId, tenantId };
      const opened = await openConversation(deps, customer, request(), tenantId, { message: { body: question.question } });
      results.push({
        question,
        answer: await answerOf(deps, tenantId, opened),
        retrieved: [...new Set(index.search(question.question, RANKING_DEPTH).map((hit) => hit.passage.sourceId))],
      });
    }
    return { report: scoreEval(results), results };
  } finally {
    await scratch.close();
  }
}

/** The reply the customer got, with the trace stored for it. */
async function answerOf(deps: ConversationFlowDeps, tenantId: string, opened: Awaited<ReturnType<typeof openConversation>>): Promise<AssistantAnswer> {
  const { reply } = opened;
  if (reply === null) throw new Error('the assistant did not answer a customer message');
  const [stored] = await listAnswerTraces(deps.db, tenantId, opened.id);
  if (stored === undefined) throw new Error('the assistant stored no trace for its reply');
  return { answer: reply.body, handoff: reply.handoff, citations: reply.citations, confidence: reply.confidence, trace: JSON.parse(stored.trace_json) as AnswerTrace };
}
