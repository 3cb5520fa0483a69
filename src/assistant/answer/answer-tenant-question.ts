import type { Principal } from '../../access/index.js';
import type { RequestContext } from '../../common/index.js';
import { authorizeKb } from '../kb/authorize-kb.js';
import type { KbDeps } from '../kb/kb-deps.js';
import { answerQuestion } from './answer-question.js';
import type { AssistantAnswer } from './assistant-answer.js';

/**
 * Answers `question` from the knowledge base of `tenantId` only (any member of that tenant may
 * ask; see `canManageKb`). The index searched is the one keyed by this tenant, built from its own
 * articles, so another tenant's knowledge base can never be cited.
 */
export async function answerTenantQuestion(
  deps: KbDeps,
  principal: Principal,
  context: RequestContext,
  tenantId: string,
  question: string,
): Promise<AssistantAnswer> {
  await authorizeKb(deps, principal, context, tenantId, 'ask');
  return answerQuestion(await deps.indexes.forTenant(tenantId), question);
}
