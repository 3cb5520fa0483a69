import type { ErrorCode } from '../../errors/index.js';
import { SealdeskError } from '../../errors/index.js';
import type { Grant, ReviewOutcome } from './grant.js';

export interface Reviewer {
  readonly id: string;
  readonly role: string;
}

/**
 * Why `reviewer` cannot record the post-incident review of `grant`, or `undefined`: only
 * break-glass grants are reviewed, once, and never by the person who broke the glass. Pure.
 */
export function reviewRefusal(grant: Grant, reviewer: Reviewer): ErrorCode | undefined {
  if (reviewer.id === grant.holder.id) return 'self_approval_forbidden';
  return grant.breakGlass && grant.review === null ? undefined : 'grant_state_conflict';
}

/** Records the post-incident review of a break-glass grant; its status does not change. Pure. */
export function recordReview(grant: Grant, reviewer: Reviewer, outcome: ReviewOutcome, now: Date): Grant {
  const refusal = reviewRefusal(grant, reviewer);
  if (refusal !== undefined) throw new SealdeskError(refusal, { detail: `review of ${grant.id} refused` });
  return { ...grant, review: { reviewerId: reviewer.id, role: reviewer.role, outcome, at: now.toISOString() } };
}
