import type { AuditAction } from '../../audit/index.js';
import type { RequestContext } from '../../common/index.js';
import { SealdeskError } from '../../errors/index.js';
import { insertAccessApproval, listAccessApprovals, listOpenOperatorGrants, lockAccessGrant, setTenantKeyState, updateAccessGrant } from '../../store/index.js';
import { enforce } from '../enforce.js';
import { applyApproval } from '../grants/apply-approval.js';
import { applyDenial } from '../grants/apply-denial.js';
import type { Grant } from '../grants/grant.js';
import { grantFromRow, grantStatusColumns } from '../grants/grant-record.js';
import { applyRetentionProposal, proposedRetentionOf } from '../../privacy/retention/apply-retention-proposal.js';
import { applyProposedPolicy, proposedPolicyOf } from '../policy/apply-proposed-policy.js';
import { loadAccessPolicy } from '../policy/load-access-policy.js';
import type { Principal } from '../principal.js';
import { recordAccessEvent } from '../record-access-event.js';
import type { AccessDeps } from './access-deps.js';
import { grantView, type GrantView } from './grant-view.js';
import { loadGrant } from './load-grant.js';
import { revokeHeldGrants } from './revoke-held-grants.js';
import { settleAndRecord } from './settle-and-record.js';

/** What deciding needs beyond the access requests': carrying out an approved key destruction. */
export interface DecisionDeps extends AccessDeps {
  readonly tenantKeyDestruction: TenantKeyDestruction;
}

/** The key layer's part in a `key-destruction` approval (`src/keys`). */
export interface TenantKeyDestruction {
  /**
   * Runs once the approval is recorded and before it is stored, while the key still works: signs
   * a checkpoint of the tenant's audit log covering the destruction's own entries, the last one
   * its signing key (sealed under the tenant key) will ever sign.
   */
  sealAuditLog(tenantId: string): Promise<void>;
  /** Deletes the tenant's key material once the destruction is stored (`destroyTenantKeyMaterial`). */
  destroy(tenantId: string, destroyedBy: string): Promise<void>;
}

/**
 * Approves or denies a pending request as `principal`, a tenant member whose role fills an
 * approval the request still needs (never its requester). The approval that fills the last slot
 * approves it: its window opens now; for a `policy-change` the proposed access policy takes
 * effect, for a `retention-change` the proposed retention policy; a `key-destruction` marks the
 * tenant key destroyed in the same transaction, then its key material is deleted.
 * Every decision is recorded before it is stored; a request changed meanwhile by someone else
 * answers `grant_state_conflict`.
 */
export async function decideAccessRequest(
  deps: DecisionDeps,
  principal: Principal,
  request: RequestContext,
  grantId: string,
  verdict: 'approve' | 'deny',
): Promise<GrantView> {
  const loaded = await loadGrant(deps, grantId);
  const grant = await settleAndRecord(deps, loaded.grant, request);
  const now = deps.clock.now();
  const decision = await enforce(deps, {
    principal,
    action: verdict === 'approve' ? 'access-request.approve' : 'access-request.deny',
    resource: { tenantId: grant.tenantId, grant },
    request,
    audit: { action: verdict === 'approve' ? 'access-request.approval-recorded' : 'access-request.denied', grant: grant.id, ticket: grant.ticket },
  });
  if (principal.kind !== 'member') throw new SealdeskError('access_denied'); // `authorize` lets only members decide.
  const approver = { id: principal.id, role: principal.role };
  const next = verdict === 'approve' ? applyApproval(grant, approver, now) : applyDenial(grant, approver, now);
  if (next.status === 'approved') {
    await recordAccessEvent(deps, principal, request, {
      action: APPROVED_ACTION[next.kind],
      tenantId: grant.tenantId,
      outcome: 'allowed',
      rule: decision.rule,
      grant: grant.id,
      ticket: grant.ticket,
    });
  }
  const approved = next.status === 'approved';
  const proposal = approved && next.kind === 'policy-change' ? proposedPolicyOf(loaded.row) : undefined;
  const retention = approved && next.kind === 'retention-change' ? proposedRetentionOf(loaded.row) : undefined;
  const destruction = approved && next.kind === 'key-destruction';
  if (destruction) await deps.tenantKeyDestruction.sealAuditLog(grant.tenantId);
  await deps.db.transaction().execute(async (trx) => {
    const locked = await lockAccessGrant(trx, grant.tenantId, grant.id);
    const current = locked && grantFromRow(locked, await listAccessApprovals(trx, grant.tenantId, [grant.id]));
    if (!current || !unchanged(current, grant)) {
      throw new SealdeskError('grant_state_conflict', { detail: `request ${grant.id} changed while being decided` });
    }
    if (verdict === 'approve') {
      await insertAccessApproval(trx, { grant_id: grant.id, tenant_id: grant.tenantId, approver_id: approver.id, approver_role: approver.role, created_at: now.toISOString() });
    }
    if (next.status !== grant.status) await updateAccessGrant(trx, grant.tenantId, grant.id, grant.status, grantStatusColumns(next));
    if (proposal) await applyProposedPolicy(trx, grant.tenantId, proposal, grant.holder.id, now);
    if (retention) await applyRetentionProposal(trx, grant.tenantId, retention, grant.holder.id, now);
    if (destruction) await setTenantKeyState(trx, { scope: grant.tenantId, state: 'destroyed', changedAt: now.toISOString(), changedBy: grant.holder.id });
  });
  if (destruction) await deps.tenantKeyDestruction.destroy(grant.tenantId, grant.holder.id);
  if (proposal?.policy.operatorAccess === 'forbidden') {
    await revokeHeldGrants(deps, principal, request, await listOpenOperatorGrants(deps.db, grant.tenantId), 'operator-access-forbidden');
  }
  const { policy } = await loadAccessPolicy(deps.db, grant.tenantId);
  return grantView(next, loaded.row.purpose, policy, now);
}

/** What the approval that completes a request is recorded as. */
const APPROVED_ACTION = {
  access: 'access-request.approved',
  export: 'access-request.approved',
  'dataset-export': 'access-request.approved',
  'policy-change': 'access-policy.changed',
  'retention-change': 'retention.changed',
  'key-destruction': 'key.destroyed',
  'key-provider-change': 'access-request.approved',
} as const satisfies Record<Grant['kind'], AuditAction>;

function unchanged(current: Grant, seen: Grant): boolean {
  return current.status === seen.status && current.approvals.length === seen.approvals.length;
}
