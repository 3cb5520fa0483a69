import type { RequestContext } from '../../common/index.js';
import { newId } from '../../common/index.js';
import { SealdeskError } from '../../errors/index.js';
import { findTenant, listOpenOperatorGrants } from '../../store/index.js';
import { enforce } from '../enforce.js';
import type { Principal } from '../principal.js';
import type { AccessDeps } from '../requests/access-deps.js';
import { insertChangeRequest } from '../requests/insert-change-request.js';
import { revokeHeldGrants } from '../requests/revoke-held-grants.js';
import type { AccessPolicy } from './access-policy.js';
import { applyProposedPolicy, proposalPayload } from './apply-proposed-policy.js';
import { isTightening } from './is-tightening.js';
import { loadAccessPolicy } from './load-access-policy.js';

export type PolicyUpdate =
  | { readonly status: 'applied'; readonly version: number }
  | { readonly status: 'pending'; readonly requestId: string; readonly pendingUntil: string };

/**
 * Replaces the tenant's access policy (its owner or a security officer). A change that only
 * tightens applies at once; anything else is a `policy-change` request that takes effect when
 * the current policy's dual-control approvers (two distinct people, never the proposer) have
 * approved it. Forbidding operator access revokes operator staff's open grants at once.
 */
export async function updateAccessPolicy(
  deps: AccessDeps,
  principal: Principal,
  request: RequestContext,
  tenantId: string,
  input: { readonly policy: AccessPolicy; readonly purpose: string; readonly ticket: string },
): Promise<PolicyUpdate> {
  if (!(await findTenant(deps.db, tenantId))) throw new SealdeskError('not_found');
  const current = await loadAccessPolicy(deps.db, tenantId);
  const tightening = isTightening(current.policy, input.policy);
  const requestId = newId('accessRequest');
  await enforce(deps, {
    principal,
    action: 'access-policy.update',
    resource: { tenantId },
    request,
    audit: tightening
      ? { action: 'access-policy.changed', ticket: input.ticket, details: { version: current.version + 1 } }
      : { action: 'access-request.created', grant: requestId, ticket: input.ticket, details: { kind: 'policy-change' } },
  });
  if (principal.kind !== 'member') throw new SealdeskError('access_denied'); // `authorize` lets only members update.
  const now = deps.clock.now();
  const proposal = { policy: input.policy, baseVersion: current.version };
  if (tightening) {
    await applyProposedPolicy(deps.db, tenantId, proposal, principal.id, now);
    if (input.policy.operatorAccess === 'forbidden') {
      await revokeHeldGrants(deps, principal, request, await listOpenOperatorGrants(deps.db, tenantId), 'operator-access-forbidden');
    }
    return { status: 'applied', version: current.version + 1 };
  }
  return insertChangeRequest(deps, {
    id: requestId,
    tenantId,
    kind: 'policy-change',
    holder: principal,
    purpose: input.purpose,
    ticket: input.ticket,
    payload: proposalPayload(proposal),
    policy: current.policy,
    now,
  });
}
