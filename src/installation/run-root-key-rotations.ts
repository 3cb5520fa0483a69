import { randomUUID } from 'node:crypto';
import type { Updateable } from 'kysely';
import type { Principal } from '../access/index.js';
import { startPeriodicJob, type PeriodicJob } from '../common/index.js';
import { isSealdeskError, SealdeskError } from '../errors/index.js';
import { isRotationDue } from '../key-rotation/index.js';
import { claimRootKeyRotation, findRootKeyRotation, findUnfinishedRootKeyRotation, updateRootKeyRotation, type RootKeyRotationsTable } from '../store/index.js';
import { addRootKeyVersion, rewrapUnderNewestRootKey } from './rotate-root-key.js';
import { loadRootKeyPolicy, startRootKeyRotation, toRootKeyRotation, type RootKeyDeps, type RootKeyRotationRecord } from './root-key-rotations.js';

/** `serve`'s root key job, as the audit log names it (`system:root-key-rotation`). */
export const ROOT_KEY_JOB: Principal = { kind: 'system', id: 'system', job: 'root-key-rotation' };
/** Rotation by policy, as the audit log names it (`system:root-key-rotation-policy`). */
export const ROOT_KEY_POLICY_JOB: Principal = { kind: 'system', id: 'system', job: 'root-key-rotation-policy' };

export interface RootKeyRunOptions {
  /** Tenant key versions per batch. Default 200. */
  readonly batchSize?: number;
  /** How long a runner holds the job between batches before another may take it over. Default 60 s. */
  readonly leaseMs?: number;
  /** Once aborted, the run stops after the batch in progress and lets the job go, still running, for a later run. */
  readonly signal?: AbortSignal;
}

/**
 * Carries out root key rotation `id` (or until `options.signal` aborts): makes the new root key
 * version (`addRootKeyVersion`, recorded as `key.root-rotated` by `system:root-key-rotation` with
 * the rotation's id and ticket), then re-wraps every root-wrapped tenant key version under it,
 * writing its progress after every batch. Returns at once (the rotation as it is) when another
 * runner holds it. A crash after the new version is made but before that is stored makes one more
 * version on resuming: nothing is lost, the re-wrap moves everything under the newest. A failure
 * marks it `failed` with the error's code and is rethrown.
 */
export async function runRootKeyRotation(deps: RootKeyDeps, id: string, options: RootKeyRunOptions = {}): Promise<RootKeyRotationRecord> {
  const { installation } = deps;
  const { db } = installation.store;
  const leaseMs = options.leaseMs ?? 60_000;
  const holder = randomUUID();
  const now = () => installation.clock.now().toISOString();
  const leaseFrom = () => `${new Date(installation.clock.now().getTime() + leaseMs).toISOString()}|${holder}`;
  let lease = leaseFrom();
  if (!(await claimRootKeyRotation(db, id, now(), lease))) return current(deps, id);
  /** Stores progress and renews the lease; a lease another runner took over stops this one. */
  const store = async (changes: Updateable<RootKeyRotationsTable>) => {
    const next = leaseFrom();
    if (!(await updateRootKeyRotation(db, id, lease, { ...changes, lease_until: next, updated_at: now() }))) {
      throw new SealdeskError('conflict', { detail: 'another runner took over the root key rotation' });
    }
    lease = next;
  };
  const stopped = new Error('stopped');
  try {
    const row = await findRootKeyRotation(db, id);
    if (row === undefined) throw new SealdeskError('not_found', { detail: 'no such root key rotation' });
    if (row.phase === 'version') {
      const author = {
        principal: ROOT_KEY_JOB,
        request: { requestId: `system:root-key-rotation:${id}`, channel: 'system' },
        rule: 'rotation-requested',
        ticket: row.ticket,
        details: { rotation: id },
      } as const;
      const made = await addRootKeyVersion(installation, author, { ...deps.settings, keyLabel: row.key_label ?? undefined });
      await store({ phase: 'rewrap', root_key: made.rootKey, previous_root_key: made.previous });
    }
    const before = Number(row.rewrapped);
    const rewrap = await rewrapUnderNewestRootKey(installation, {
      batchSize: options.batchSize,
      onProgress: async (progress) => {
        if (options.signal?.aborted === true) throw stopped;
        await store({ pass: progress.pass, scanned: progress.scanned, rewrapped: before + progress.rewrapped });
      },
    });
    const done = now();
    await updateRootKeyRotation(db, id, lease, {
      status: 'completed',
      unfinished: null,
      phase: 'completed',
      pass: rewrap.passes,
      rewrapped: before + rewrap.rewrapped,
      customer_managed: rewrap.customerManaged,
      completed_at: done,
      updated_at: done,
      lease_until: null,
    });
    return current(deps, id);
  } catch (error) {
    if (error === stopped) {
      await updateRootKeyRotation(db, id, lease, { lease_until: null });
      return current(deps, id);
    }
    const code = isSealdeskError(error) ? error.code : 'internal';
    await updateRootKeyRotation(db, id, lease, { status: 'failed', error_code: code, lease_until: null, updated_at: now() });
    throw error;
  }
}

/**
 * Starts a root key rotation when the policy's period has passed since the newest root key version
 * was made (at the installation clock's now), recorded as `key.root-rotation-requested` by
 * `system:root-key-rotation-policy`. Leaves alone an unfinished rotation: a running one goes on, a
 * failed one waits for a person. Returns the rotation it started, if any.
 */
export async function startDueRootKeyRotation(deps: RootKeyDeps): Promise<RootKeyRotationRecord | undefined> {
  const { installation } = deps;
  const policy = await loadRootKeyPolicy(installation);
  const now = installation.clock.now();
  if (!isRotationDue(policy.rotationDays, policy.newestVersionAt, now)) return undefined;
  if ((await findUnfinishedRootKeyRotation(installation.store.db)) !== undefined) return undefined;
  const request = { requestId: `system:root-key-rotation-policy:${now.toISOString()}`, channel: 'system' } as const;
  return (await startRootKeyRotation(deps, ROOT_KEY_POLICY_JOB, request, {})).rotation;
}

/**
 * `serve`'s root key job: at start, every `intervalMs` (default a minute) and when woken (a
 * rotation asked for through the API), it starts a rotation the policy makes due, then carries out
 * the running rotation, if any — one asked for through the API, by policy, or left behind by a
 * process that stopped (once its lease lapses). Stopping it stops after the batch in progress,
 * leaving the rotation running for the next `serve`.
 */
export function startRootKeyRotations(deps: RootKeyDeps, onError: (error: unknown) => void, intervalMs = 60_000, options: RootKeyRunOptions = {}): PeriodicJob {
  return startPeriodicJob(
    async (signal) => {
      await startDueRootKeyRotation(deps).catch(onError);
      // Once more after a run, for a rotation asked for while it ran (a wake during a pass is skipped).
      const tried = new Set<string>();
      for (;;) {
        const next = await findUnfinishedRootKeyRotation(deps.installation.store.db);
        if (next === undefined || next.status !== 'running' || tried.has(next.id) || signal.aborted) return;
        tried.add(next.id);
        await runRootKeyRotation(deps, next.id, { ...options, signal }).catch(onError);
      }
    },
    onError,
    intervalMs,
    { runNow: true },
  );
}

async function current(deps: RootKeyDeps, id: string): Promise<RootKeyRotationRecord> {
  const row = await findRootKeyRotation(deps.installation.store.db, id);
  if (row === undefined) throw new SealdeskError('not_found', { detail: 'no such root key rotation' });
  return toRootKeyRotation(row);
}
