import { enforce, revokeHeldGrants, type EnforcementDeps, type Principal } from '../../access/index.js';
import type { RequestContext } from '../../common/index.js';
import { SealdeskError } from '../../errors/index.js';
import { listOpenAccessGrantsOfKind, saveTrainingConsent } from '../../store/index.js';
import { loadTrainingConsent, type TrainingConsent } from './training-consent.js';

/** The tenant's training choice (owner, admin, security officer, auditor); recorded as `training.read`. */
export async function getTrainingConsent(deps: EnforcementDeps, principal: Principal, request: RequestContext, tenantId: string): Promise<TrainingConsent> {
  await enforce(deps, { principal, action: 'training.read', resource: { tenantId }, request, audit: { action: 'training.read' } });
  const consent = await loadTrainingConsent(deps.db, tenantId);
  if (!consent) throw new SealdeskError('not_found');
  return consent;
}

/**
 * Opts the tenant in to, or out of, training and evaluation use of its conversations (its owner
 * only), with a ticket; recorded as `training.changed` before it is stored. Opting out also
 * revokes, at once, every evaluation dataset export still pending or approved (rule
 * `training-opted-out`); an export that runs later is refused anyway.
 */
export async function setTrainingConsent(
  deps: EnforcementDeps,
  principal: Principal,
  request: RequestContext,
  tenantId: string,
  input: { readonly optedIn: boolean; readonly ticket: string },
): Promise<TrainingConsent & { readonly revokedExports: number }> {
  await enforce(deps, {
    principal,
    action: 'training.update',
    resource: { tenantId },
    request,
    audit: { action: 'training.changed', ticket: input.ticket, details: { optedIn: input.optedIn ? 'yes' : 'no' } },
  });
  if (!(await loadTrainingConsent(deps.db, tenantId))) throw new SealdeskError('not_found');
  const updatedAt = deps.clock.now().toISOString();
  await saveTrainingConsent(deps.db, { tenant_id: tenantId, opted_in: input.optedIn ? 1 : 0, ticket: input.ticket, updated_at: updatedAt, updated_by: principal.id });
  const revokedExports = input.optedIn
    ? 0
    : await revokeHeldGrants(deps, principal, request, await listOpenAccessGrantsOfKind(deps.db, tenantId, 'dataset-export'), 'training-opted-out');
  return { optedIn: input.optedIn, ticket: input.ticket, updatedAt, updatedBy: principal.id, revokedExports };
}
