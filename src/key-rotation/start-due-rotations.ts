import type { Principal } from '../access/index.js';
import { OPERATOR_LOG } from '../audit/index.js';
import { listActiveKeyRotationPolicies, findUnfinishedKeyRotation } from '../store/index.js';
import type { KeyRotationDeps } from './key-rotation.js';
import { findActiveOperatorRotationPolicy, loadKeyRotationPolicy } from './manage-rotation-policy.js';
import { isRotationDue } from './rotation-policy.js';
import { startKeyRotation, type StartedRotation } from './start-key-rotation.js';

/** Rotation by policy, as the audit log names it (`system:key-rotation-policy`). */
export const ROTATION_POLICY_JOB: Principal = { kind: 'system', id: 'system', job: 'key-rotation-policy' };

/**
 * Starts a tenant-level rotation of every tenant — and of the installation's own keys (`operator`)
 * — whose policy's period its latest tenant key version has reached (at `deps.clock`'s now), recorded as `key.rotated` by
 * `system:key-rotation-policy`. Leaves alone a tenant with an unfinished rotation (running, or
 * failed: resuming a failure is a person's call) and one whose key is disabled. Returns what it
 * started, for the rotation job to run.
 */
export async function startDueRotations(deps: KeyRotationDeps): Promise<StartedRotation[]> {
  const started: StartedRotation[] = [];
  const now = deps.clock.now();
  const scopes = (await listActiveKeyRotationPolicies(deps.db)).map((policy) => policy.tenant_id);
  if ((await findActiveOperatorRotationPolicy(deps)) !== undefined) scopes.push(OPERATOR_LOG);
  for (const scope of scopes) {
    const { rotationDays, latestTenantKeyAt } = await loadKeyRotationPolicy(deps, scope);
    if (!isRotationDue(rotationDays, latestTenantKeyAt, now)) continue;
    if ((await findUnfinishedKeyRotation(deps.db, scope)) !== undefined) continue;
    if (((await deps.keyRing.tenantKeyState(scope))?.state ?? 'enabled') !== 'enabled') continue;
    const request = { requestId: `system:key-rotation-policy:${scope}:${now.toISOString()}`, channel: 'system' } as const;
    started.push(await startKeyRotation(deps, ROTATION_POLICY_JOB, request, scope, 'tenant'));
  }
  return started;
}
