import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/index.js';
import type { Clock } from '../common/index.js';
import type { KeyRing, RotationLevel } from '../crypto/index.js';
import type { Database, KeyRotationRow } from '../store/index.js';

export const ROTATION_LEVELS = ['tenant', 'data'] as const satisfies readonly RotationLevel[];

/** `running` until done; `failed` keeps its place, and starting a rotation of the scope again resumes it. */
export type RotationStatus = 'running' | 'failed' | 'completed';

/**
 * The job's phases, in order: `keys` makes the new versions; `rewrap-keys` (level `tenant`
 * only) wraps every data key of the database under the new tenant key (subject keys in the vault
 * keep theirs: see `KeyRing.rewrapDataKeys`); `reseal` re-encrypts every sealed value under an
 * older version, in passes until one finds none. `rewrap-subject-keys` is only ever read from
 * rotations an earlier version stored, and moves on to `reseal`.
 */
export type RotationPhase = 'keys' | 'rewrap-keys' | 'rewrap-subject-keys' | 'reseal' | 'completed';

export interface KeyRotationDeps {
  readonly db: Kysely<Database>;
  readonly keyRing: KeyRing;
  readonly audit: AuditLog;
  readonly clock: Clock;
}

/** A rotation and its job's progress, as `keys status` and the API report it. Ids and counts only. */
export interface KeyRotation {
  readonly id: string;
  /** A tenant id, or `operator`. */
  readonly scope: string;
  readonly level: RotationLevel;
  readonly status: RotationStatus;
  readonly phase: RotationPhase;
  /** The versions this rotation made (0 until made). */
  readonly versions: { readonly tenant: number; readonly content: number };
  readonly progress: {
    /** Sealed values the scope held when the rotation started. */
    readonly total: number;
    readonly pass: number;
    /** Values looked at in this pass. */
    readonly scanned: number;
    /** Values re-encrypted, over all passes. */
    readonly resealed: number;
    /** Data keys wrapped again under the new tenant key. */
    readonly rewrapped: number;
  };
  readonly requestedBy: string;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly completedAt: string | null;
  /** The error code that stopped a failed rotation. */
  readonly error: string | null;
}

export function toKeyRotation(row: KeyRotationRow): KeyRotation {
  return {
    id: row.id,
    scope: row.scope,
    level: row.level as RotationLevel,
    status: row.status as RotationStatus,
    phase: row.phase as RotationPhase,
    versions: { tenant: row.tenant_version, content: row.content_version },
    progress: { total: row.total, pass: row.pass, scanned: row.scanned, resealed: row.resealed, rewrapped: row.rewrapped },
    requestedBy: row.requested_by,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    completedAt: row.completed_at,
    error: row.error_code,
  };
}
