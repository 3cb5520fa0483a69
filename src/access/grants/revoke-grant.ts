import type { ErrorCode } from '../../errors/index.js';
import { SealdeskError } from '../../errors/index.js';
import type { Grant } from './grant.js';
import { transition } from './grant-transitions.js';
import { settleGrant } from './settle-grant.js';

/** Why the grant cannot be revoked at `now` (expired, or otherwise ended), or `undefined`. Pure. */
export function revocationRefusal(grant: Grant, now: Date): ErrorCode | undefined {
  const settled = settleGrant(grant, now);
  if (settled.status === 'expired') return 'grant_expired';
  return settled.status === 'pending' || settled.status === 'approved' || settled.status === 'active' ? undefined : 'grant_state_conflict';
}

/**
 * Ends a pending request or a live grant at once: `revoked`, by `revokerId` (a person, or
 * `system` when a role change or policy change ends it). Pure.
 */
export function revokeGrant(grant: Grant, revokerId: string, now: Date): Grant {
  const refusal = revocationRefusal(grant, now);
  if (refusal !== undefined) throw new SealdeskError(refusal, { detail: `revocation of ${grant.id} refused` });
  return transition(grant, 'revoked', { endedAt: now.toISOString(), endedBy: revokerId });
}
