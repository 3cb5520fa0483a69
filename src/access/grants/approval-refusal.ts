import type { ErrorCode } from '../../errors/index.js';
import type { TenantRole } from '../principal.js';
import { roleCanFill } from './approver-slots.js';
import type { Grant } from './grant.js';
import { settleGrant } from './settle-grant.js';

/** A tenant member deciding on a request. */
export interface Approver {
  readonly id: string;
  readonly role: TenantRole;
}

/**
 * Why `approver` may not approve `grant` at `now`, as the error to answer with, or `undefined`
 * when they may: never the requester (`self_approval_forbidden`); only while pending and not
 * lapsed (`grant_state_conflict`, `grant_expired`); only someone who has not approved it yet and
 * whose role fills a slot still open (`approver_not_eligible`). Pure.
 */
export function approvalRefusal(grant: Grant, approver: Approver, now: Date): ErrorCode | undefined {
  const common = commonRefusal(grant, approver, now);
  if (common !== undefined) return common;
  return roleCanFill(grant.requiredApprovals, grant.approvals, approver.role) ? undefined : 'approver_not_eligible';
}

/**
 * Why `approver` may not deny `grant` at `now`, or `undefined`: the same rules as approving,
 * except that any role named in any slot may deny.
 */
export function denialRefusal(grant: Grant, approver: Approver, now: Date): ErrorCode | undefined {
  const common = commonRefusal(grant, approver, now);
  if (common !== undefined) return common;
  return grant.requiredApprovals.some((slot) => slot.includes(approver.role)) ? undefined : 'approver_not_eligible';
}

function commonRefusal(grant: Grant, approver: Approver, now: Date): ErrorCode | undefined {
  if (approver.id === grant.holder.id) return 'self_approval_forbidden';
  const settled = settleGrant(grant, now);
  if (settled.status !== 'pending') return settled.status === 'expired' ? 'grant_expired' : 'grant_state_conflict';
  if (grant.approvals.some((approval) => approval.approverId === approver.id)) return 'approver_not_eligible';
  return undefined;
}
