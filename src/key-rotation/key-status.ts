import { enforce, type Principal } from '../access/index.js';
import { OPERATOR_LOG } from '../audit/index.js';
import type { RequestContext } from '../common/index.js';
import type { KeyVersions } from '../crypto/index.js';
import { SealdeskError } from '../errors/index.js';
import { findTenant, listKeyRotations } from '../store/index.js';
import { toKeyRotation, type KeyRotation, type KeyRotationDeps } from './key-rotation.js';

/** A scope's current key versions and its latest rotations. */
export interface KeyStatus {
  readonly scope: string;
  readonly versions: KeyVersions;
  /** Newest first, at most ten. */
  readonly rotations: readonly KeyRotation[];
}

/**
 * `key.status` (a tenant's owner, admin, security officer or auditor; the operator's owner and
 * security staff for the installation's keys), recorded as `key.status-read`. Nothing is unwrapped.
 */
export async function readKeyStatus(deps: KeyRotationDeps, principal: Principal, request: RequestContext, scope: string): Promise<KeyStatus> {
  await enforce(deps, {
    principal,
    action: 'key.status',
    resource: scope === OPERATOR_LOG ? {} : { tenantId: scope },
    request,
    audit: { action: 'key.status-read' },
  });
  if (scope !== OPERATOR_LOG && (await findTenant(deps.db, scope)) === undefined) throw new SealdeskError('not_found', { detail: 'no such tenant' });
  const rotations = await listKeyRotations(deps.db, scope, 10);
  return { scope, versions: await deps.keyRing.versions(scope), rotations: rotations.map(toKeyRotation) };
}
