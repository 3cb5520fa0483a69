import { enforce, insertChangeRequest, loadAccessPolicy, type EnforcementDeps, type Principal } from '../../access/index.js';
import { newId, type RequestContext } from '../../common/index.js';
import { SealdeskError } from '../../errors/index.js';
import { applyRetentionProposal, retentionProposalPayload } from './apply-retention-proposal.js';
import { loadRetentionPolicy, type StoredRetention } from './load-retention-policy.js';
import type { StaffTextDeps } from './staff-text-deps.js';
import { isShortening, validateRetentionPolicy, type RetentionPolicy } from './retention-policy.js';

/** The tenant's retention (owner, admin, security officer, auditor); recorded as `retention.read`. */
export async function getRetentionPolicy(deps: EnforcementDeps, principal: Principal, request: RequestContext, tenantId: string): Promise<StoredRetention> {
  await enforce(deps, { principal, action: 'retention.read', resource: { tenantId }, request, audit: { action: 'retention.read' } });
  const retention = await loadRetentionPolicy(deps.db, tenantId);
  if (!retention) throw new SealdeskError('not_found');
  return retention;
}

export type RetentionUpdate =
  | { readonly status: 'applied'; readonly version: number }
  | { readonly status: 'pending'; readonly requestId: string; readonly pendingUntil: string };

/**
 * Replaces the tenant's retention policy (owner or admin) after checking its bounds
 * (`retention_policy_invalid`). A change that keeps everything at least as long applies at once
 * (`retention.changed`). One that shortens a period — or starts deleting articles — deletes data
 * sooner, so it is a `retention-change` request (`access-request.created`) that takes effect when
 * the access policy's dual-control approvers (two distinct people, never the proposer) have
 * approved it, and only if the retention policy has not changed since. A concurrent change
 * answers `conflict`.
 */
export async function updateRetentionPolicy(
  deps: StaffTextDeps,
  principal: Principal,
  request: RequestContext,
  tenantId: string,
  input: { readonly policy: RetentionPolicy; readonly purpose: string; readonly ticket: string },
): Promise<RetentionUpdate> {
  const policy = validateRetentionPolicy(input.policy);
  const current = await loadRetentionPolicy(deps.db, tenantId);
  const shortening = current !== undefined && isShortening(current.policy, policy);
  const version = (current?.version ?? 0) + 1;
  const requestId = newId('accessRequest');
  await enforce(deps, {
    principal,
    action: 'retention.update',
    resource: { tenantId },
    request,
    audit: shortening
      ? { action: 'access-request.created', grant: requestId, ticket: input.ticket, details: { kind: 'retention-change', ...periods(policy) } }
      : { action: 'retention.changed', ticket: input.ticket, details: { ...periods(policy), version } },
  });
  if (!current) throw new SealdeskError('not_found');
  if (principal.kind !== 'member') throw new SealdeskError('access_denied'); // `authorize` lets only members update.
  const now = deps.clock.now();
  const proposal = { policy, baseVersion: current.version };
  if (!shortening) {
    await applyRetentionProposal(deps.db, tenantId, proposal, principal.id, now);
    return { status: 'applied', version };
  }
  return insertChangeRequest(deps, {
    id: requestId,
    tenantId,
    kind: 'retention-change',
    holder: principal,
    purpose: input.purpose,
    ticket: input.ticket,
    payload: retentionProposalPayload(proposal),
    policy: (await loadAccessPolicy(deps.db, tenantId)).policy,
    now,
  });
}

/** The periods as audit details carry them (`kbDays` null becomes `keep`). */
function periods(policy: RetentionPolicy): Record<string, string | number> {
  return { conversationDays: policy.conversationDays, contactDays: policy.contactDays, kbDays: policy.kbDays ?? 'keep' };
}
