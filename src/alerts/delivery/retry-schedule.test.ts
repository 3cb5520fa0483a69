import { describe, expect, it } from 'vitest';
import { failed, delivered } from './delivery-outcome.js';
import { ALERT_RETRY_DELAYS_MS, MAX_DELIVERY_ATTEMPTS, stateAfterAttempt } from './retry-schedule.js';

const now = new Date('2026-03-01T09:00:00.000Z');
const after = (ms: number) => new Date(now.getTime() + ms).toISOString();

describe('stateAfterAttempt', () => {
  it('marks a success delivered', () => {
    expect(stateAfterAttempt(3, delivered, now)).toEqual({ status: 'delivered', nextAttemptAt: null, lastError: null, deliveredAt: now.toISOString() });
  });

  it.each([
    [1, 30_000],
    [2, 120_000],
    [3, 600_000],
    [4, 3_600_000],
    [5, 21_600_000],
  ])('after failed attempt %i waits %i ms', (attempts, delay) => {
    expect(stateAfterAttempt(attempts, failed('http_500'), now)).toEqual({
      status: 'pending',
      nextAttemptAt: after(delay),
      lastError: 'http_500',
      deliveredAt: null,
    });
  });

  it('fails for good after the last attempt', () => {
    expect(MAX_DELIVERY_ATTEMPTS).toBe(ALERT_RETRY_DELAYS_MS.length + 1);
    expect(stateAfterAttempt(MAX_DELIVERY_ATTEMPTS, failed('timeout'), now)).toMatchObject({ status: 'failed', nextAttemptAt: null, lastError: 'timeout' });
  });

  it('does not retry a removed destination', () => {
    expect(stateAfterAttempt(1, failed('destination_removed'), now)).toMatchObject({ status: 'failed', lastError: 'destination_removed' });
  });
});
