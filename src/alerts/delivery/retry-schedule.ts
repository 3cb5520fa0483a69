import type { DeliveryState } from '../store/deliveries.js';
import type { DeliveryOutcome } from './delivery-outcome.js';

/** How long to wait after the 1st, 2nd, … failed attempt before the next one. */
export const ALERT_RETRY_DELAYS_MS: readonly number[] = [30_000, 2 * 60_000, 10 * 60_000, 60 * 60_000, 6 * 60 * 60_000];

/** Attempts per delivery: the first and one per delay (about 7 h 13 min from first to last). */
export const MAX_DELIVERY_ATTEMPTS = ALERT_RETRY_DELAYS_MS.length + 1;

/**
 * The delivery's state after its `attempts`-th attempt ended at `now` with `outcome`: delivered;
 * pending again after the next delay; or failed once the attempts are used up or the failure is
 * final (`destination_removed`).
 */
export function stateAfterAttempt(attempts: number, outcome: DeliveryOutcome, now: Date): DeliveryState {
  if (outcome.ok) return { status: 'delivered', nextAttemptAt: null, lastError: null, deliveredAt: now.toISOString() };
  const delay = ALERT_RETRY_DELAYS_MS[attempts - 1];
  if (delay === undefined || outcome.error === 'destination_removed') {
    return { status: 'failed', nextAttemptAt: null, lastError: outcome.error, deliveredAt: null };
  }
  return { status: 'pending', nextAttemptAt: new Date(now.getTime() + delay).toISOString(), lastError: outcome.error, deliveredAt: null };
}
