import { enforce, type Principal } from '../access/index.js';
import { newId, type RequestContext } from '../common/index.js';
import { SealdeskError } from '../errors/index.js';
import {
  findInstallationKeyPolicy,
  findRootKeyRotation,
  findUnfinishedRootKeyRotation,
  insertRootKeyRotation,
  listRootKeyRotations,
  resumeRootKeyRotation,
  saveInstallationKeyPolicy,
  type RootKeyRotationRow,
} from '../store/index.js';
import { isRotationPeriod, ROTATION_DAYS, rotationDueAt } from '../key-rotation/index.js';
import { readMarker, type RootKeyProviderName } from './installation-marker.js';
import type { RootKeyOptions } from './installation-root-key.js';
import type { Installation } from './open-installation.js';
import { newestRootKeyVersion, placeRootKeyVersions } from './root-key-locations.js';
import { tallyRootKeyWraps } from './rotate-root-key.js';

/** What the root key API and `serve`'s root key job work on. */
export interface RootKeyDeps {
  readonly installation: Installation;
  /** This process's root key settings (`Config.rootKey`, the passphrase): where a new version is made. */
  readonly settings: RootKeyOptions;
}

/** `running` until done; a `failed` one keeps its place until a person asks for a rotation again, which resumes it. */
export type RootKeyRotationStatus = 'running' | 'failed' | 'completed';

/** `version` makes the new root key version; `rewrap` moves every root-wrapped tenant key version under it. */
export type RootKeyRotationPhase = 'version' | 'rewrap' | 'completed';

/** A root key rotation asked for through the API or by policy, and its job's progress. Ids and counts only. */
export interface RootKeyRotationRecord {
  readonly id: string;
  readonly status: RootKeyRotationStatus;
  readonly phase: RootKeyRotationPhase;
  /** The version it made; null until made. */
  readonly rootKey: string | null;
  /** The newest version before it; null until made. */
  readonly previous: string | null;
  readonly progress: {
    /** The current run's pass over the tenant key versions (a resumed run counts again from 1). */
    readonly pass: number;
    /** Tenant key versions looked at in that pass. */
    readonly scanned: number;
    /** Tenant key versions re-wrapped under the new version, over every run. */
    readonly rewrapped: number;
    /** Tenant key versions a customer-managed key wraps instead (once finished). */
    readonly customerManaged: number;
  };
  readonly requestedBy: string;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly completedAt: string | null;
  readonly error: string | null;
}

export interface RootKeyPolicy {
  /** Days the newest root key version serves before `serve` rotates it; null: no rotation by policy (the default). */
  readonly rotationDays: number | null;
  readonly changedAt: string | null;
  readonly changedBy: string | null;
  /** When the newest root key version was made. */
  readonly newestVersionAt: string;
  /** When `serve` starts the next rotation by policy (it checks every minute); null when off. */
  readonly nextRotationAt: string | null;
}

export interface RootKeyStatus {
  /** The newest version: it wraps new keys. */
  readonly rootKey: string;
  /** The newest version's provider: where the next version is made. */
  readonly provider: RootKeyProviderName;
  /** Every version `installation.json` lists, oldest first, with the tenant key versions each wraps now. */
  readonly versions: readonly { readonly keyId: string; readonly provider: RootKeyProviderName; readonly createdAt: string; readonly retiredAt: string | null; readonly wraps: number }[];
  /** Tenant key versions a customer-managed key wraps: not the root key's. */
  readonly customerManaged: number;
  readonly policy: RootKeyPolicy;
  /** Newest first, at most ten. Rotations made with `keys rotate-root` are not among them (their entries are in the operator's log). */
  readonly rotations: readonly RootKeyRotationRecord[];
}

export interface StartedRootKeyRotation {
  readonly rotation: RootKeyRotationRecord;
  /** The rotation already unfinished, which goes on (set running again if it had failed), instead of a new one. */
  readonly resumed: boolean;
}

/**
 * Asks for a root key rotation (`key.rotate` on the installation's keys: the operator's security
 * staff, or the system for the rotation policy), recorded as `key.root-rotation-requested` with
 * the ticket before anything else. `serve`'s root key job carries it out (`runRootKeyRotation`).
 * An unfinished rotation is given back instead, set running again if it had failed. `keyLabel`
 * names the new key object on a PKCS#11 token; for the key file it is `invalid_request`.
 */
export async function startRootKeyRotation(
  deps: RootKeyDeps,
  principal: Principal,
  request: RequestContext,
  input: { readonly ticket?: string | undefined; readonly keyLabel?: string | undefined },
): Promise<StartedRootKeyRotation> {
  const { installation } = deps;
  const db = installation.store.db;
  const unfinished = await findUnfinishedRootKeyRotation(db);
  const id = unfinished?.id ?? newId('rootKeyRotation');
  await enforce(gateDeps(installation), {
    principal,
    action: 'key.rotate',
    resource: {},
    request,
    audit: { action: 'key.root-rotation-requested', ticket: input.ticket, details: { rotation: id, resumed: unfinished ? 'yes' : 'no' } },
  });
  const now = installation.clock.now().toISOString();
  if (unfinished !== undefined) {
    if (unfinished.status === 'failed') await resumeRootKeyRotation(db, unfinished.id, now);
    return { rotation: toRootKeyRotation((await findRootKeyRotation(db, unfinished.id)) ?? unfinished), resumed: true };
  }
  if (input.keyLabel !== undefined && newestRootKeyVersion(await readMarker(installation.paths.marker)).location.provider !== 'pkcs11') {
    throw new SealdeskError('invalid_request', { userMessage: "keyLabel names a key on a PKCS#11 token; this installation's root key is the local key file." });
  }
  const row = newRootKeyRotationRow(id, principal.id, input, now);
  if (!(await insertRootKeyRotation(db, row))) {
    throw new SealdeskError('conflict', { userMessage: 'A root key rotation has just been started; see the root key status.' });
  }
  return { rotation: toRootKeyRotation(row), resumed: false };
}

/**
 * The root key's versions, what each wraps, its rotation policy and latest rotations: `key.status`
 * on the installation's keys (the operator's owner and security staff), recorded as
 * `key.status-read`. Nothing is unwrapped: the version is read from each wrap's header.
 */
export async function readRootKeyStatus(deps: RootKeyDeps, principal: Principal, request: RequestContext): Promise<RootKeyStatus> {
  const { installation } = deps;
  await enforce(gateDeps(installation), { principal, action: 'key.status', resource: {}, request, audit: { action: 'key.status-read', details: { key: 'root' } } });
  await installation.root.reload();
  const marker = await readMarker(installation.paths.marker);
  const { byVersion, customerManaged } = await tallyRootKeyWraps(installation);
  const versions = marker.rootKeyVersions ?? [{ keyId: installation.root.keyId, createdAt: marker.createdAt }];
  const placed = placeRootKeyVersions(marker);
  return {
    rootKey: installation.root.keyId,
    provider: placed.at(-1)!.location.provider,
    versions: versions.map((version, index) => ({
      keyId: version.keyId,
      provider: placed[index]!.location.provider,
      createdAt: version.createdAt,
      retiredAt: version.retiredAt ?? null,
      wraps: byVersion.get(version.keyId) ?? 0,
    })),
    customerManaged,
    policy: await loadRootKeyPolicy(installation),
    rotations: (await listRootKeyRotations(installation.store.db, 10)).map(toRootKeyRotation),
  };
}

/** One root key rotation and its progress: `key.status` on the installation's keys, recorded as `key.status-read` with its id. */
export async function readRootKeyRotation(deps: RootKeyDeps, principal: Principal, request: RequestContext, id: string): Promise<RootKeyRotationRecord> {
  const { installation } = deps;
  await enforce(gateDeps(installation), { principal, action: 'key.status', resource: {}, request, audit: { action: 'key.status-read', details: { key: 'root', rotation: id } } });
  const row = await findRootKeyRotation(installation.store.db, id);
  if (row === undefined) throw new SealdeskError('not_found', { detail: 'no such root key rotation' });
  return toRootKeyRotation(row);
}

/** The root key's rotation policy: `key.status` on the installation's keys, recorded as `key.status-read`. */
export async function getRootKeyPolicy(deps: RootKeyDeps, principal: Principal, request: RequestContext): Promise<RootKeyPolicy> {
  const { installation } = deps;
  await enforce(gateDeps(installation), { principal, action: 'key.status', resource: {}, request, audit: { action: 'key.status-read', details: { key: 'root', policy: 'rotation' } } });
  return loadRootKeyPolicy(installation);
}

/**
 * Sets the root key's rotation period (`key-rotation-policy.update` on the installation's keys:
 * the operator's security staff), with a ticket; recorded as `key.root-rotation-policy-changed`
 * before it is stored. `rotationDays` is null (off) or a whole number of days in `ROTATION_DAYS`
 * (`invalid_request` otherwise). A period the newest version has already outlived starts a
 * rotation at `serve`'s next check.
 */
export async function setRootKeyPolicy(
  deps: RootKeyDeps,
  principal: Principal,
  request: RequestContext,
  input: { readonly rotationDays: number | null; readonly ticket: string },
): Promise<RootKeyPolicy> {
  if (!isRotationPeriod(input.rotationDays)) {
    throw new SealdeskError('invalid_request', { userMessage: `rotationDays must be null (off) or a whole number of days from ${ROTATION_DAYS.min} to ${ROTATION_DAYS.max}.` });
  }
  const { installation } = deps;
  await enforce(gateDeps(installation), {
    principal,
    action: 'key-rotation-policy.update',
    resource: {},
    request,
    audit: { action: 'key.root-rotation-policy-changed', ticket: input.ticket, details: { rotationDays: input.rotationDays ?? 'off' } },
  });
  await saveInstallationKeyPolicy(installation.store.db, 'root_key_policy', {
    rotation_days: input.rotationDays,
    ticket: input.ticket,
    changed_at: installation.clock.now().toISOString(),
    changed_by: principal.id,
  });
  return loadRootKeyPolicy(installation);
}

/** The policy as stored (no row: off), with when the newest root key version was made and when it is due. */
export async function loadRootKeyPolicy(installation: Installation): Promise<RootKeyPolicy> {
  const marker = await readMarker(installation.paths.marker);
  const newestVersionAt = marker.rootKeyVersions?.at(-1)?.createdAt ?? marker.createdAt;
  const row = await findInstallationKeyPolicy(installation.store.db, 'root_key_policy');
  const rotationDays = row?.rotation_days === undefined || row.rotation_days === null ? null : Number(row.rotation_days);
  return {
    rotationDays,
    changedAt: row?.changed_at ?? null,
    changedBy: row?.changed_by ?? null,
    newestVersionAt,
    nextRotationAt: rotationDueAt(rotationDays, newestVersionAt)?.toISOString() ?? null,
  };
}

export function toRootKeyRotation(row: RootKeyRotationRow): RootKeyRotationRecord {
  return {
    id: row.id,
    status: row.status as RootKeyRotationStatus,
    phase: row.phase as RootKeyRotationPhase,
    rootKey: row.root_key,
    previous: row.previous_root_key,
    progress: { pass: Number(row.pass), scanned: Number(row.scanned), rewrapped: Number(row.rewrapped), customerManaged: Number(row.customer_managed) },
    requestedBy: row.requested_by,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    completedAt: row.completed_at,
    error: row.error_code,
  };
}

/** What the access gate needs of the installation. */
export function gateDeps(installation: Installation) {
  return { db: installation.store.db, audit: installation.audit, clock: installation.clock };
}

function newRootKeyRotationRow(id: string, requestedBy: string, input: { readonly ticket?: string | undefined; readonly keyLabel?: string | undefined }, now: string): RootKeyRotationRow {
  return {
    id,
    status: 'running',
    unfinished: 1,
    phase: 'version',
    root_key: null,
    previous_root_key: null,
    key_label: input.keyLabel ?? null,
    pass: 0,
    scanned: 0,
    rewrapped: 0,
    customer_managed: 0,
    requested_by: requestedBy,
    ticket: input.ticket ?? null,
    started_at: now,
    updated_at: now,
    completed_at: null,
    error_code: null,
    lease_until: null,
  };
}
