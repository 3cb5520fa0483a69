import { randomUUID } from 'node:crypto';
import type { Updateable } from 'kysely';
import { recordAccessEvent, type Principal } from '../access/index.js';
import { OPERATOR_LOG } from '../audit/index.js';
import { systemJustification, type KeyCursor, type KeyVersions, type RotationLevel } from '../crypto/index.js';
import { isSealdeskError, SealdeskError } from '../errors/index.js';
import { claimKeyRotation, findKeyRotation, updateKeyRotation, type KeyRotationRow, type KeyRotationsTable } from '../store/index.js';
import { toKeyRotation, type KeyRotation, type KeyRotationDeps } from './key-rotation.js';
import { SEALED_COLUMNS } from './sealed-columns.js';

/** The key-rotation job, as the audit log names it (`system:key-rotation`). */
export const ROTATION_JOB: Principal = { kind: 'system', id: 'system', job: 'key-rotation' };
const JUSTIFICATION = systemJustification('key-rotation', 'key.rotate');

export interface RunOptions {
  /** Sealed values (or data keys) per batch; each batch is one transaction with its progress. Default 200. */
  readonly batchSize?: number;
  /**
   * Only a pass that starts this long after the rotation may finish it: by then every other
   * process has picked up the new versions (the key ring's 5 s choice of latest version, plus a
   * margin). Default 6 seconds.
   */
  readonly settleMs?: number;
  /** How long a runner holds the job between batches before another may take it over. Default 60 s. */
  readonly leaseMs?: number;
  /** Told after every batch. */
  readonly onProgress?: (rotation: KeyRotation) => void;
  /** Waits until a finishing pass may start (injected by tests). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Once aborted, the run stops after the batch in progress and lets the job go, still running, for a later run. */
  readonly signal?: AbortSignal;
}

/** Where the reseal phase is: the index of a `SEALED_COLUMNS` entry and the last row id done. */
interface ResealCursor {
  readonly column: number;
  readonly after: string;
}

/** A value re-encrypted, to store if the row still holds the old one. */
interface Replacement {
  readonly column: number;
  readonly id: string;
  readonly previous: Buffer;
  readonly next: Buffer;
}

interface Step {
  readonly changes: Updateable<KeyRotationsTable>;
  readonly replacements?: readonly Replacement[];
}

/**
 * Runs rotation `id` to its end (or until `options.signal` aborts), batch after batch, each stored
 * with its progress in one transaction: after a crash the job resumes after its last batch.
 * Returns at once (the rotation as it is) when another runner holds it. A failure marks it `failed` with the error's code, keeping
 * its place, and is rethrown. Reads and writes of the scope go on meanwhile: old versions stay, a
 * value is replaced only while it is still the one re-encrypted.
 */
export async function runKeyRotation(deps: KeyRotationDeps, id: string, options: RunOptions = {}): Promise<KeyRotation> {
  const leaseMs = options.leaseMs ?? 60_000;
  const holder = randomUUID();
  const leaseFrom = () => `${new Date(deps.clock.now().getTime() + leaseMs).toISOString()}|${holder}`;
  let lease = leaseFrom();
  if (!(await claimKeyRotation(deps.db, id, deps.clock.now().toISOString(), lease))) return current(deps, id);
  let row = await loadRow(deps, id);
  try {
    while (row.status !== 'completed' && options.signal?.aborted !== true) {
      const step = await advance(deps, row, options);
      const next = leaseFrom();
      await commit(deps, row, lease, next, step);
      lease = next;
      row = await loadRow(deps, id);
      options.onProgress?.(toKeyRotation(row));
    }
    await updateKeyRotation(deps.db, id, lease, { lease_until: null });
    return toKeyRotation(row);
  } catch (error) {
    const code = isSealdeskError(error) ? error.code : 'internal';
    await updateKeyRotation(deps.db, id, lease, { status: 'failed', error_code: code, lease_until: null, updated_at: deps.clock.now().toISOString() });
    throw error;
  }
}

async function advance(deps: KeyRotationDeps, row: KeyRotationRow, options: RunOptions): Promise<Step> {
  const batchSize = options.batchSize ?? 200;
  const now = deps.clock.now().toISOString();
  switch (row.phase) {
    case 'keys':
      return makeKeys(deps, row, now);
    case 'rewrap-keys': {
      const batch = await deps.keyRing.rewrapDataKeys(row.scope, parseCursor<KeyCursor>(row.cursor), batchSize, JUSTIFICATION);
      const done = batch.next === undefined;
      return {
        changes: { rewrapped: row.rewrapped + batch.rewrapped, cursor: done ? null : JSON.stringify(batch.next), phase: done ? 'reseal' : row.phase, updated_at: now },
      };
    }
    case 'rewrap-subject-keys':
      // A rotation stored at this phase by an earlier version, which re-wrapped the vault too: go on re-sealing.
      return { changes: { cursor: null, phase: 'reseal', updated_at: now } };
    case 'reseal':
      return resealBatch(deps, row, batchSize, options);
    default:
      throw new SealdeskError('internal', { detail: `unknown rotation phase ${row.phase}` });
  }
}

/**
 * The new key versions. A crash after them but before this step is stored makes new ones again
 * on resuming: one more version, nothing lost.
 */
async function makeKeys(deps: KeyRotationDeps, row: KeyRotationRow, now: string): Promise<Step> {
  const versions = await deps.keyRing.rotate(row.scope, row.level as RotationLevel, JUSTIFICATION);
  return { changes: await keysMade(deps, row, versions, now) };
}

/**
 * The progress once the new versions are made: on to re-wrapping (level `tenant`) or re-sealing,
 * with the count of sealed values to look at. Also where an imported key's rotation starts.
 */
export async function keysMade(deps: KeyRotationDeps, row: KeyRotationRow, versions: KeyVersions, now: string): Promise<Updateable<KeyRotationsTable>> {
  let total = 0;
  for (const column of SEALED_COLUMNS) total += await column.count(deps.db, row.scope);
  return {
    phase: row.level === 'tenant' ? 'rewrap-keys' : 'reseal',
    tenant_version: versions.tenant,
    content_version: versions.content,
    total,
    cursor: null,
    pass: 1,
    pass_started_at: now,
    updated_at: now,
  };
}

async function resealBatch(deps: KeyRotationDeps, row: KeyRotationRow, batchSize: number, options: RunOptions): Promise<Step> {
  const now = deps.clock.now();
  const cursor = parseCursor<ResealCursor>(row.cursor) ?? { column: 0, after: '' };
  const column = SEALED_COLUMNS[cursor.column];
  if (column === undefined) return endOfPass(deps, row, options);
  const values = await column.page(deps.db, row.scope, cursor.after, batchSize);
  const replacements: Replacement[] = [];
  for (const value of values) {
    let next: Buffer | undefined;
    try {
      next = await deps.keyRing.reseal(value.value, value.binding, JUSTIFICATION);
    } catch (error) {
      // A row erased or rewritten while it was read (its subject key destroyed): nothing to move.
      if (await column.holds(deps.db, row.scope, value.id, value.value)) throw error;
    }
    if (next !== undefined) replacements.push({ column: cursor.column, id: value.id, previous: value.value, next });
  }
  const last = values.at(-1);
  const nextCursor: ResealCursor = values.length < batchSize || last === undefined ? { column: cursor.column + 1, after: '' } : { column: cursor.column, after: last.id };
  return { changes: { scanned: row.scanned + values.length, cursor: JSON.stringify(nextCursor), updated_at: now.toISOString() }, replacements };
}

/** A pass that re-encrypted nothing and started once every process writes under the new versions ends the job. */
async function endOfPass(deps: KeyRotationDeps, row: KeyRotationRow, options: RunOptions): Promise<Step> {
  const settledAt = Date.parse(row.started_at) + (options.settleMs ?? 6_000);
  const passStartedAt = Date.parse(row.pass_started_at ?? row.started_at);
  if (row.pass_resealed === 0 && passStartedAt >= settledAt) {
    const now = deps.clock.now().toISOString();
    await recordAccessEvent(deps, ROTATION_JOB, { requestId: `system:key-rotation:${row.id}`, channel: 'system' }, {
      action: 'key.rotation-completed',
      tenantId: row.scope === OPERATOR_LOG ? null : row.scope,
      outcome: 'allowed',
      rule: 'system-job',
      details: { rotation: row.id, level: row.level, tenantVersion: row.tenant_version, contentVersion: row.content_version, resealed: row.resealed, rewrapped: row.rewrapped, passes: row.pass },
    });
    return { changes: { status: 'completed', phase: 'completed', cursor: null, completed_at: now, updated_at: now } };
  }
  if (row.pass_resealed === 0) {
    const wait = settledAt - deps.clock.now().getTime();
    if (wait > 0) await (options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms))))(wait);
  }
  const now = deps.clock.now().toISOString();
  return { changes: { pass: row.pass + 1, pass_started_at: now, scanned: 0, pass_resealed: 0, cursor: null, updated_at: now } };
}

/** Stores a batch's re-encrypted values and the job's progress together, while the lease is still ours. */
async function commit(deps: KeyRotationDeps, row: KeyRotationRow, lease: string, nextLease: string, step: Step): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    let applied = 0;
    for (const replacement of step.replacements ?? []) {
      const column = SEALED_COLUMNS[replacement.column];
      if (column && (await column.replace(trx, row.scope, replacement.id, replacement.previous, replacement.next))) applied += 1;
    }
    const counts = applied === 0 ? {} : { resealed: row.resealed + applied, pass_resealed: row.pass_resealed + applied };
    if (!(await updateKeyRotation(trx, row.id, lease, { ...step.changes, ...counts, lease_until: nextLease }))) {
      throw new SealdeskError('conflict', { detail: 'the rotation was taken over by another runner' });
    }
  });
}

async function loadRow(deps: KeyRotationDeps, id: string): Promise<KeyRotationRow> {
  const row = await findKeyRotation(deps.db, id);
  if (row === undefined) throw new SealdeskError('not_found', { detail: `no key rotation ${id}` });
  return row;
}

async function current(deps: KeyRotationDeps, id: string): Promise<KeyRotation> {
  return toKeyRotation(await loadRow(deps, id));
}

function parseCursor<T>(cursor: string | null): T | undefined {
  return cursor === null ? undefined : (JSON.parse(cursor) as T);
}
