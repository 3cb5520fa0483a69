import { recordAccessEvent, type Principal } from '../../access/index.js';
import type { AuditAction } from '../../audit/index.js';
import type { RequestContext } from '../../common/index.js';
import { SealdeskError } from '../../errors/index.js';
import { findTenant } from '../../store/index.js';
import { canManageKb, type KbOperation } from './can-manage-kb.js';
import type { KbDeps } from './kb-deps.js';

/**
 * Decides a knowledge-base operation and throws when it is denied: another tenant (or a missing
 * one) is `not_found`, a role that may not is `access_denied`. A denial is recorded in the
 * tenant's log as `deniedAction`, when given, before it throws. Returns the deciding rule for the caller's own audit event.
 */
export async function authorizeKb(
  deps: Pick<KbDeps, 'db' | 'audit' | 'clock'>,
  principal: Principal,
  context: RequestContext,
  tenantId: string,
  operation: KbOperation,
  deniedAction?: AuditAction,
): Promise<string> {
  if (!(await findTenant(deps.db, tenantId))) throw new SealdeskError('not_found');
  const decision = canManageKb(principal, tenantId, operation);
  if (decision.allow) return decision.rule;
  if (deniedAction !== undefined) {
    await recordAccessEvent(deps, principal, context, { action: deniedAction, tenantId, outcome: 'denied', rule: decision.rule });
  }
  throw new SealdeskError(decision.rule === 'other-tenant' || decision.rule === 'operator-no-kb-access' ? 'not_found' : 'access_denied');
}
