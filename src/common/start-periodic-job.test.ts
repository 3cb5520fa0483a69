import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startPeriodicJob } from './start-periodic-job.js';

describe('startPeriodicJob', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('never runs two passes at once, reports failures and keeps going', async () => {
    let active = 0;
    let most = 0;
    let passes = 0;
    const errors: unknown[] = [];
    const job = startPeriodicJob(
      async () => {
        passes++;
        active++;
        most = Math.max(most, active);
        await new Promise((resolve) => setTimeout(resolve, 250));
        active--;
        if (passes === 1) throw new Error('first pass fails');
      },
      (error) => errors.push(error),
      100,
      { runNow: true },
    );
    await vi.advanceTimersByTimeAsync(1_000);
    const stopped = job.stop();
    await vi.advanceTimersByTimeAsync(300); // lets the pass in flight finish
    await stopped;
    expect(most).toBe(1);
    expect(passes).toBeGreaterThan(2);
    expect(errors).toHaveLength(1);
    const after = passes;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(passes).toBe(after);
  });

  it('runs a pass at once when woken, unless one is running', async () => {
    let passes = 0;
    const job = startPeriodicJob(
      async () => {
        passes++;
        await new Promise((resolve) => setTimeout(resolve, 50));
      },
      () => undefined,
      60_000,
    );
    job.wake();
    job.wake();
    await vi.advanceTimersByTimeAsync(100);
    expect(passes).toBe(1);
    job.wake();
    await vi.advanceTimersByTimeAsync(100);
    expect(passes).toBe(2);
    await job.stop();
  });
});
