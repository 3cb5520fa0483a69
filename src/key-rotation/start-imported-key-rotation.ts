import { randomUUID } from 'node:crypto';
import type { UnwrapJustification } from '../crypto/index.js';
import { isSealdeskError, SealdeskError } from '../errors/index.js';
import { deleteKeyRotation, findKeyRotation, insertKeyRotation, updateKeyRotation } from '../store/index.js';
import { toKeyRotation, type KeyRotation, type KeyRotationDeps } from './key-rotation.js';
import { keysMade } from './run-key-rotation.js';
import { newRotationRow } from './start-key-rotation.js';

export interface ImportedKeyRotation {
  /** The rotation's id, chosen by the caller (it names it in the audit entry first). */
  readonly id: string;
  /** The tenant. */
  readonly scope: string;
  readonly requestedBy: string;
  /** The tenant's key material: exactly 32 bytes. Not kept; the caller zeroes it. */
  readonly material: Uint8Array;
  /** The gate's justification of the import. */
  readonly justification: UnwrapJustification;
  /**
   * Runs once the scope is held for this rotation and before any key is made, with the tenant
   * key version the import will be; throwing stops the import with nothing changed (BYOK spends
   * its import token here).
   */
  readonly beforeKeys?: (tenantVersion: number) => Promise<void>;
}

/**
 * A tenant-level rotation whose new tenant key is key material the tenant imported (BYOK): the
 * rotation is recorded (so no other rotation of the scope can start), the imported tenant key
 * version and a new content key under it are made at once, and the rotation is left `running`
 * at phase `rewrap-keys` for `runKeyRotation` — the same job as any rotation — to wrap every data
 * key under the imported key and re-seal every value under the new content key.
 *
 * Refused with `conflict` while the scope has an unfinished rotation: it would make a newer
 * tenant key over the imported one. If making the keys fails after the tenant key was stored, the
 * rotation is marked `failed` at `rewrap-keys`, so resuming it (`keys rotate`) finishes the move.
 */
export async function startImportedKeyRotation(deps: KeyRotationDeps, input: ImportedKeyRotation): Promise<KeyRotation> {
  const now = deps.clock.now();
  const lease = `${new Date(now.getTime() + 60_000).toISOString()}|${randomUUID()}`;
  const row = { ...newRotationRow(input.id, input.scope, 'tenant', input.requestedBy, now.toISOString()), lease_until: lease };
  if (!(await insertKeyRotation(deps.db, row))) {
    throw new SealdeskError('conflict', { userMessage: "A rotation of this tenant's keys is in progress; import the key once it has completed (see the key status)." });
  }
  const before = await deps.keyRing.versions(input.scope);
  try {
    await input.beforeKeys?.(before.tenant + 1);
    const versions = await deps.keyRing.importTenantKey(input.scope, input.material, input.justification);
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
