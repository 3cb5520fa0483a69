import { justificationFor, recordAccessEvent, type Principal } from '../../access/index.js';
import type { AuditAction } from '../../audit/index.js';
import type { RequestContext } from '../../common/index.js';
import { contactEmailIndex, type VaultDeps } from '../../conversations/index.js';
import type { UnwrapJustification } from '../../crypto/index.js';
import { SealdeskError } from '../../errors/index.js';
import { findTenant, listContactsByEmailIndex, type ContactRow } from '../../store/index.js';
import { canHandleSubjectRequest } from './can-handle-subject-request.js';

/** A data subject's request: who they are (their e-mail) and the ticket it answers. */
export interface SubjectRequest {
  readonly email: string;
  /** The request's reference in the tenant's own system (a DSAR ticket); recorded in the audit log. */
  readonly ticket: string;
}

/**
 * Authorises a subject request and finds the subject's contacts by the blind index of their
 * e-mail (no address is ever compared in clear). A refusal is recorded as `deniedAction`, then
 * thrown: another tenant or operator staff as `not_found`, a role that may not as `access_denied`.
 */
export async function findSubject(
  deps: VaultDeps,
  principal: Principal,
  context: RequestContext,
  tenantId: string,
  request: SubjectRequest,
  deniedAction: AuditAction,
): Promise<{ contacts: ContactRow[]; rule: string; justification: UnwrapJustification }> {
  if (!(await findTenant(deps.db, tenantId))) throw new SealdeskError('not_found');
  const decision = canHandleSubjectRequest(principal, tenantId);
  if (!decision.allow) {
    if (principal.kind === 'member' && principal.tenantId === tenantId) {
      await recordAccessEvent(deps, principal, context, { action: deniedAction, tenantId, outcome: 'denied', rule: decision.rule, ticket: request.ticket });
    }
    throw new SealdeskError(decision.rule === 'role-cannot-handle-subject-requests' ? 'access_denied' : 'not_found');
  }
  const justification = justificationFor(principal, context, deniedAction);
  const index = await contactEmailIndex(deps.keyRing, tenantId, request.email, justification);
  return { contacts: await listContactsByEmailIndex(deps.db, tenantId, index), rule: decision.rule, justification };
}
