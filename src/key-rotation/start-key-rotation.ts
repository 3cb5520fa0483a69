import { enforce, type Principal } from '../access/index.js';
import { OPERATOR_LOG } from '../audit/index.js';
import { newId, type RequestContext } from '../common/index.js';
import type { RotationLevel } from '../crypto/index.js';
import { SealdeskError } from '../errors/index.js';
import { findTenant, findUnfinishedKeyRotation, insertKeyRotation, resumeKeyRotation, type KeyRotationRow } from '../store/index.js';
import { toKeyRotation, type KeyRotation, type KeyRotationDeps } from './key-rotation.js';

/** A started rotation; `resumed` when the scope had an unfinished one, which goes on instead. */
export interface StartedRotation {
  readonly rotation: KeyRotation;
  readonly resumed: boolean;
}

/**
 * Asks for a rotation of `scope`'s keys (a tenant id, or `operator` for the installation's own):
 * `key.rotate` (a tenant's owner, admin or security officer; the operator's security staff for
 * the installation's keys), recorded as `key.rotated`. Records the rotation for `runKeyRotation`
 * to carry out; the new key versions are made by its first step. A scope with an unfinished
 * rotation (running, or failed and so stopped) gets that one back, set running again, instead.
 * `options.ticket` (the change ticket the API requires) is recorded with the decision.
 */
export async function startKeyRotation(
  deps: KeyRotationDeps,
  principal: Principal,
  request: RequestContext,
  scope: string,
  level: RotationLevel,
  options: { readonly ticket?: string | undefined } = {},
): Promise<StartedRotation> {
  const unfinished = await findUnfinishedKeyRotation(deps.db, scope);
  const id = unfinished?.id ?? newId('keyRotation');
  await enforce(deps, {
    principal,
    action: 'key.rotate',
    resource: scope === OPERATOR_LOG ? {} : { tenantId: scope },
    request,
    audit: { action: 'key.rotated', ticket: options.ticket, details: { rotation: id, level: unfinished?.level ?? level, resumed: unfinished ? 'yes' : 'no' } },
  });
  if (scope !== OPERATOR_LOG && (await findTenant(deps.db, scope)) === undefined) throw new SealdeskError('not_found', { detail: 'no such tenant' });
  if ((await deps.keyRing.tenantKeyState(scope))?.state === 'destroyed') throw new SealdeskError('key_destroyed');
  const now = deps.clock.now().toISOString();
  if (unfinished !== undefined) {
    if (unfinished.status === 'failed') await resumeKeyRotation(deps.db, unfinished.id, now);
    return { rotation: toKeyRotation((await findUnfinishedKeyRotation(deps.db, scope)) ?? unfinished), resumed: true };
  }
  const row = newRotationRow(id, scope, level, principal.id, now);
  if (!(await insertKeyRotation(deps.db, row))) {
    throw new SealdeskError('conflict', { userMessage: 'A rotation of these keys has just been started; see the key status.' });
  }
  return { rotation: toKeyRotation(row), resumed: false };
}

/** A rotation asked for now, its job not begun: phase `keys`, no lease. */
export function newRotationRow(id: string, scope: string, level: RotationLevel, requestedBy: string, now: string): KeyRotationRow {
  return {
    id,
    scope,
    level,
    status: 'running',
    phase: 'keys',
    cursor: null,
    pass: 0,
    pass_started_at: null,
    tenant_version: 0,
    content_version: 0,
    total: 0,
    scanned: 0,
    resealed: 0,
    pass_resealed: 0,
    rewrapped: 0,
    requested_by: requestedBy,
    started_at: now,
    updated_at: now,
    completed_at: null,
    error_code: null,
    lease_until: null,
  };
}
