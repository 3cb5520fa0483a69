import { SealdeskError } from '../../errors/index.js';
import { denialRefusal, type Approver } from './approval-refusal.js';
import type { Grant } from './grant.js';
import { transition } from './grant-transitions.js';

/** Denies a pending request; one eligible approver's denial ends it. Throws like `applyApproval`. Pure. */
export function applyDenial(grant: Grant, approver: Approver, now: Date): Grant {
  const refusal = denialRefusal(grant, approver, now);
  if (refusal !== undefined) throw new SealdeskError(refusal, { detail: `denial of ${grant.id} refused` });
  return transition(grant, 'denied', { endedAt: now.toISOString(), endedBy: approver.id });
}
