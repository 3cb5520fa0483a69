import { startPeriodicJob, type PeriodicJob } from '../common/index.js';
import { listRunningKeyRotations } from '../store/index.js';
import type { KeyRotationDeps } from './key-rotation.js';
import { runKeyRotation, type RunOptions } from './run-key-rotation.js';

/**
 * Carries out every running rotation, one after another: those asked for through the API, and
 * any a process left behind when it stopped (once its lease lapses). `serve` runs it every
 * `intervalMs` (default a minute) and wakes it when a rotation is asked for; stopping it stops
 * after the batch in progress, leaving the rotation running for the next `serve`. A rotation that
 * fails is marked `failed` and reported to `onError`; the others go on.
 */
export function startKeyRotations(deps: KeyRotationDeps, onError: (error: unknown) => void, intervalMs = 60_000, options: RunOptions = {}): PeriodicJob {
  const stopping = new AbortController();
  const job = startPeriodicJob(
    async () => {
      for (const rotation of await listRunningKeyRotations(deps.db)) {
        if (stopping.signal.aborted) return;
        await runKeyRotation(deps, rotation.id, { ...options, signal: stopping.signal }).catch(onError);
      }
    },
    onError,
    intervalMs,
    { runNow: true },
  );
  return {
    wake: () => job.wake(),
    async stop() {
      stopping.abort();
      await job.stop();
    },
  };
}
