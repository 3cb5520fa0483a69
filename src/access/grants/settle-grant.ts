import type { Grant } from './grant.js';
import { transition } from './grant-transitions.js';

/**
 * The grant as it stands at `now`: a pending request past `pendingUntil`, or an approved or active
 * grant past `expiresAt`, is `expired` (ended at that deadline). Expiry is decided here, at
 * decision time, whether or not anything has written it down yet. Pure.
 */
export function settleGrant(grant: Grant, now: Date): Grant {
  const deadline = grant.status === 'pending' ? grant.pendingUntil : isLiveStatus(grant) ? grant.expiresAt : null;
  if (deadline === null || now.getTime() < Date.parse(deadline)) return grant;
  return transition(grant, 'expired', { endedAt: deadline, endedBy: null });
}

/** Whether the grant opens anything at `now`: approved or active, and before its deadline. */
export function isLive(grant: Grant, now: Date): boolean {
  return isLiveStatus(grant) && grant.expiresAt !== null && now.getTime() < Date.parse(grant.expiresAt);
}

/** Whole seconds until a live grant ends (0 once it has), or until a pending request lapses. */
export function remainingSeconds(grant: Grant, now: Date): number {
  const deadline = grant.status === 'pending' ? grant.pendingUntil : isLiveStatus(grant) ? grant.expiresAt : null;
  return deadline === null ? 0 : Math.max(0, Math.floor((Date.parse(deadline) - now.getTime()) / 1000));
}

function isLiveStatus(grant: Grant): boolean {
  return grant.status === 'approved' || grant.status === 'active';
}
