import { enforce, type Principal } from '../access/index.js';
import { OPERATOR_LOG } from '../audit/index.js';
import type { RequestContext } from '../common/index.js';
import { SealdeskError } from '../errors/index.js';
import { findKeyRotation } from '../store/index.js';
import { toKeyRotation, type KeyRotation, type KeyRotationDeps } from './key-rotation.js';

/**
 * One rotation of `scope` and its progress: `key.status`, recorded as `key.status-read` with the
 * rotation's id. A rotation of another scope is `not_found`, as if absent. Nothing is unwrapped.
 */
export async function readKeyRotation(deps: KeyRotationDeps, principal: Principal, request: RequestContext, scope: string, id: string): Promise<KeyRotation> {
  await enforce(deps, {
    principal,
    action: 'key.status',
    resource: scope === OPERATOR_LOG ? {} : { tenantId: scope },
    request,
    audit: { action: 'key.status-read', details: { rotation: id } },
  });
  const row = await findKeyRotation(deps.db, id);
  if (row === undefined || row.scope !== scope) throw new SealdeskError('not_found', { detail: 'no such key rotation in this scope' });
  return toKeyRotation(row);
}
