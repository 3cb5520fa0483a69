import { startPeriodicJob, type PeriodicJob } from '../common/index.js';
import { listRunningKeyRotations } from '../store/index.js';
import type { KeyRotationDeps } from './key-rotation.js';
import { runKeyRotation, type RunOptions } from './run-key-rotation.js';
import { startDueRotations } from './start-due-rotations.js';

/**
 * Starts the rotations tenants' policies make due (`startDueRotations`), then carries out every
 * running rotation, one after another: those asked for through the API, and any a process left
 * behind when it stopped (once its lease lapses). `serve` runs it every `intervalMs` (default a
 * minute) and wakes it when a rotation is asked for through the API (a rotation asked for while
 * a pass runs is taken up by that pass); stopping it stops after the batch in progress, leaving
 * the rotation running for the next `serve`. A rotation that fails is marked `failed` and
 * reported to `onError`; the others go on.
 */
export function startKeyRotations(deps: KeyRotationDeps, onError: (error: unknown) => void, intervalMs = 60_000, options: RunOptions = {}): PeriodicJob {
  return startPeriodicJob(
    async (signal) => {
      await startDueRotations(deps).catch(onError);
      // Each running rotation once per pass, including those asked for while the pass runs (a
      // wake during a pass would otherwise wait for the next interval).
      const tried = new Set<string>();
      for (;;) {
        const next = (await listRunningKeyRotations(deps.db)).find((rotation) => !tried.has(rotation.id));
        if (next === undefined || signal.aborted) return;
        tried.add(next.id);
        await runKeyRotation(deps, next.id, { ...options, signal }).catch(onError);
      }
    },
    onError,
    intervalMs,
    { runNow: true },
  );
}
