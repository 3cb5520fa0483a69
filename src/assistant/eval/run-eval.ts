import type { Principal } from '../../access/index.js';
import { newId, type Clock } from '../../common/index.js';
import { answerQuestion, DEFAULT_HANDOFF_THRESHOLD } from '../answer/answer-question.js';
import { ingestDirectory } from '../kb/ingest-directory.js';
import { KbIndexes } from '../retrieval/kb-indexes.js';
import type { EvalQuestion } from './eval-question.js';
import type { EvalResult } from './eval-result.js';
import { createScratchInstallation } from './scratch-installation.js';
import { scoreEval, type EvalReport } from './score-eval.js';

/** How many passages are searched to rank articles for hit@k. */
const RANKING_DEPTH = 30;

/**
 * The whole pipeline on an evaluation set: a scratch installation and tenant, the directory
 * ingested (sealed, audited) as the system principal, the tenant's index built from the
 * decrypted articles, every question answered by the offline answerer, then scored. The
 * scratch installation is deleted afterwards, also on failure.
 */
export async function runEval(
  options: { readonly kbDir: string; readonly questions: readonly EvalQuestion[]; readonly clock: Clock; readonly threshold?: number },
): Promise<{ report: EvalReport; results: EvalResult[] }> {
  const scratch = await createScratchInstallation(options.clock);
  try {
    const { installation, tenantId } = scratch;
    const indexes = new KbIndexes({ db: installation.store.db, keyRing: installation.keyRing });
    const deps = { db: installation.store.db, keyRing: installation.keyRing, audit: installation.audit, clock: options.clock, indexes };
    const principal: Principal = { kind: 'system', id: 'system', job: 'eval' };
    await ingestDirectory(deps, principal, { requestId: newId('request'), channel: 'cli' }, tenantId, options.kbDir);
    const index = await indexes.forTenant(tenantId);
    const results = options.questions.map((question): EvalResult => ({
      question,
      answer: answerQuestion(index, question.question, options.threshold ?? DEFAULT_HANDOFF_THRESHOLD),
      retrieved: [...new Set(index.search(question.question, RANKING_DEPTH).map((hit) => hit.passage.sourceId))],
    }));
    return { report: scoreEval(results), results };
  } finally {
    await scratch.close();
  }
}
