import type { Principal } from '../../access/index.js';
import type { RequestContext } from '../../common/index.js';
import { authorizeKb } from '../kb/authorize-kb.js';
import type { KbDeps } from '../kb/kb-deps.js';
import { emptyMapping } from '../../privacy/index.js';
import { answerFromTenantKb, type AssistantDeps } from './answer-customer-message.js';
import type { AssistantAnswer } from './assistant-answer.js';

/**
 * Answers `question` from the knowledge base of `tenantId` only (any member of that tenant may
 * ask; see `canManageKb`). The index searched is the one keyed by this tenant, built from its own
 * articles, so another tenant's knowledge base can never be cited. The tenant's provider
 * settings apply, as for a customer's message.
 */
export async function answerTenantQuestion(
  deps: KbDeps & AssistantDeps,
  principal: Principal,
  context: RequestContext,
  tenantId: string,
  question: string,
): Promise<AssistantAnswer> {
  await authorizeKb(deps, principal, context, tenantId, 'ask');
  // No conversation keeps a mapping here, and it holds the question's PII values: drop it.
  const { pseudonyms: _unused, ...answer } = await answerFromTenantKb(deps, tenantId, question, [], emptyMapping());
  return answer;
}
