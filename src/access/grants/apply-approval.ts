import { SealdeskError } from '../../errors/index.js';
import { approvalRefusal, type Approver } from './approval-refusal.js';
import { slotsFilled } from './approver-slots.js';
import type { Grant } from './grant.js';
import { transition } from './grant-transitions.js';

/**
 * Adds `approver`'s approval to a pending request. When it fills the last open slot the grant is
 * `approved`: its window opens at `now` and closes `durationMinutes` later. Throws the refusal
 * from `approvalRefusal` (self-approval, lapsed, not pending, role not needed). Pure.
 */
export function applyApproval(grant: Grant, approver: Approver, now: Date): Grant {
  const refusal = approvalRefusal(grant, approver, now);
  if (refusal !== undefined) throw new SealdeskError(refusal, { detail: `approval of ${grant.id} refused` });
  const approvals = [...grant.approvals, { approverId: approver.id, role: approver.role, at: now.toISOString() }];
  if (!slotsFilled(grant.requiredApprovals, approvals)) return { ...grant, approvals };
  return transition(grant, 'approved', {
    approvals,
    approvedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + grant.durationMinutes * 60_000).toISOString(),
  });
}
