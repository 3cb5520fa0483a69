import type { Grant } from '../grants/grant.js';
import { remainingSeconds, settleGrant } from '../grants/settle-grant.js';
import type { AccessPolicy } from '../policy/access-policy.js';

/** A request as the API shows it, at the time it is shown: status and remaining time as of now. */
export function grantView(grant: Grant, purpose: string, policy: AccessPolicy, now: Date) {
  const settled = settleGrant(grant, now);
  const reviewDue =
    grant.breakGlass && grant.activatedAt !== null
      ? new Date(Date.parse(grant.activatedAt) + policy.breakGlass.reviewWithinHours * 3_600_000).toISOString()
      : null;
  return {
    id: grant.id,
    tenantId: grant.tenantId,
    kind: grant.kind,
    requester: grant.holder,
    scope: grant.scope,
    view: grant.view,
    purpose,
    ticket: grant.ticket,
    breakGlass: grant.breakGlass,
    durationMinutes: grant.durationMinutes,
    status: settled.status,
    rule: grant.rule,
    requiredApprovals: grant.requiredApprovals.map((slot) => ({ anyOf: slot })),
    approvals: grant.approvals,
    createdAt: grant.createdAt,
    pendingUntil: grant.pendingUntil,
    approvedAt: grant.approvedAt,
    activatedAt: grant.activatedAt,
    expiresAt: grant.expiresAt,
    endedAt: settled.endedAt,
    endedBy: settled.endedBy,
    remainingSeconds: remainingSeconds(settled, now),
    review: grant.review,
    reviewDueAt: grant.review === null ? reviewDue : null,
    reviewOverdue: grant.review === null && reviewDue !== null && now.toISOString() >= reviewDue,
    escalatedAt: grant.escalatedAt,
  };
}

export type GrantView = ReturnType<typeof grantView>;
