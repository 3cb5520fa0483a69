import { randomUUID } from 'node:crypto';
import type { UnwrapJustification } from '../crypto/index.js';
import { isSealdeskError, SealdeskError } from '../errors/index.js';
import { deleteKeyRotation, findKeyRotation, insertKeyRotation, updateKeyRotation } from '../store/index.js';
import { toKeyRotation, type KeyRotation, type KeyRotationDeps } from './key-rotation.js';
import { keysMade } from './run-key-rotation.js';
import { newRotationRow } from './start-key-rotation.js';

export interface TenantKeyReplacement {
  /** The rotation's id, chosen by the caller (it names it in the audit entry first). */
  readonly id: string;
  /** The tenant. */
  readonly scope: string;
  readonly requestedBy: string;
  /**
   * BYOK: the tenant's key material, exactly 32 bytes, not kept (the caller zeroes it). Absent:
   * a generated key, wrapped by whatever wraps the new version (a customer-managed key adopted
   * in `beforeKeys`).
   */
  readonly material?: Uint8Array | undefined;
  /** The gate's justification of the replacement. */
  readonly justification: UnwrapJustification;
  /**
   * Runs once the scope is held for this rotation and before any key is made, with the tenant
   * key version the replacement will be; throwing stops it with nothing changed (BYOK spends its
   * import token here; a customer-managed key is recorded here).
   */
  readonly beforeKeys?: (tenantVersion: number) => Promise<void>;
}

/**
 * A tenant-level rotation made at once, for a tenant replacing its key — with key material it
 * imported (BYOK), or with a key wrapped by its own customer-managed key: the rotation is recorded
 * (so no other rotation of the scope can start), the new tenant key version and a new content key
 * under it are made at once, and the rotation is left `running` at phase `rewrap-keys` for
 * `runKeyRotation` — the same job as any rotation — to wrap every data key under the new tenant
 * key and re-seal every value under the new content key.
 *
 * Refused with `conflict` while the scope has an unfinished rotation: it would make a newer
 * tenant key over the new one. If making the keys fails after the tenant key was stored, the
 * rotation is marked `failed` at `rewrap-keys`, so resuming it (`keys rotate`) finishes the move.
 */
export async function startTenantKeyReplacement(deps: KeyRotationDeps, input: TenantKeyReplacement): Promise<KeyRotation> {
  const now = deps.clock.now();
  const lease = `${new Date(now.getTime() + 60_000).toISOString()}|${randomUUID()}`;
  const row = { ...newRotationRow(input.id, input.scope, 'tenant', input.requestedBy, now.toISOString()), lease_until: lease };
  if (!(await insertKeyRotation(deps.db, row))) {
    throw new SealdeskError('conflict', { userMessage: "A rotation of this tenant's keys is in progress; replace the key once it has completed (see the key status)." });
  }
  const before = await deps.keyRing.versions(input.scope);
  try {
    await input.beforeKeys?.(before.tenant + 1);
    const versions =
      input.material === undefined
        ? await deps.keyRing.rotate(input.scope, 'tenant', input.justification)
        : await deps.keyRing.importTenantKey(input.scope, input.material, input.justification);
    await updateKeyRotation(deps.db, row.id, lease, { ...(await keysMade(deps, row, versions, now.toISOString())), lease_until: null });
  } catch (error) {
    const after = await deps.keyRing.versions(input.scope).catch(() => before);
    if (after.tenant === before.tenant) {
      await deleteKeyRotation(deps.db, row.id, lease);
    } else {
      const code = isSealdeskError(error) ? error.code : 'internal';
      await updateKeyRotation(deps.db, row.id, lease, { phase: 'rewrap-keys', status: 'failed', tenant_version: after.tenant, content_version: after.content, pass: 1, pass_started_at: now.toISOString(), error_code: code, lease_until: null, updated_at: deps.clock.now().toISOString() });
    }
    throw error;
  }
  const started = await findKeyRotation(deps.db, row.id);
  if (started === undefined) throw new SealdeskError('internal', { detail: `rotation ${row.id} vanished` });
  return toKeyRotation(started);
}
