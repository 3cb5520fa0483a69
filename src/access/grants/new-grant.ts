import type { Grant } from './grant.js';

/** What a new request states; the rest of a `Grant` follows from its initial status and the time. */
export type GrantRequest = Pick<
  Grant,
  'id' | 'tenantId' | 'kind' | 'holder' | 'scope' | 'view' | 'ticket' | 'breakGlass' | 'durationMinutes' | 'rule' | 'requiredApprovals'
>;

/**
 * A new grant in one of the initial statuses: `pending` (lapses `pendingLapseMinutes` from now),
 * `approved` (auto-approved: its window opens now) or `active` (break-glass: open and in use
 * now). An open window closes `durationMinutes` after `now`. Pure.
 */
export function newGrant(request: GrantRequest, status: 'pending' | 'approved' | 'active', now: Date, pendingLapseMinutes: number): Grant {
  const at = now.toISOString();
  // Every field written out, not spread: V8 keeps such objects in fast mode, and `authorize`
  // walks many of them.
  return {
    id: request.id,
    tenantId: request.tenantId,
    kind: request.kind,
    holder: request.holder,
    scope: request.scope,
    view: request.view,
    ticket: request.ticket,
    breakGlass: request.breakGlass,
    durationMinutes: request.durationMinutes,
    rule: request.rule,
    requiredApprovals: request.requiredApprovals,
    status,
    approvals: [],
    createdAt: at,
    pendingUntil: new Date(now.getTime() + pendingLapseMinutes * 60_000).toISOString(),
    approvedAt: status === 'approved' ? at : null,
    activatedAt: status === 'active' ? at : null,
    expiresAt: status === 'pending' ? null : new Date(now.getTime() + request.durationMinutes * 60_000).toISOString(),
    endedAt: null,
    endedBy: null,
    review: null,
    escalatedAt: null,
  };
}
