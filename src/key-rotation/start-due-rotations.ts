import type { Principal } from '../access/index.js';
import { listActiveKeyRotationPolicies, findUnfinishedKeyRotation } from '../store/index.js';
import type { KeyRotationDeps } from './key-rotation.js';
import { loadKeyRotationPolicy } from './manage-rotation-policy.js';
import { isRotationDue } from './rotation-policy.js';
import { startKeyRotation, type StartedRotation } from './start-key-rotation.js';

/** Rotation by policy, as the audit log names it (`system:key-rotation-policy`). */
export const ROTATION_POLICY_JOB: Principal = { kind: 'system', id: 'system', job: 'key-rotation-policy' };

/**
 * Starts a tenant-level rotation of every tenant whose policy's period its latest tenant key
 * version has reached (at `deps.clock`'s now), recorded as `key.rotated` by
 * `system:key-rotation-policy`. Leaves alone a tenant with an unfinished rotation (running, or
 * failed: resuming a failure is a person's call) and one whose key is disabled. Returns what it
 * started, for the rotation job to run.
 */
export async function startDueRotations(deps: KeyRotationDeps): Promise<StartedRotation[]> {
  const started: StartedRotation[] = [];
  const now = deps.clock.now();
  for (const policy of await listActiveKeyRotationPolicies(deps.db)) {
    const tenantId = policy.tenant_id;
    const { rotationDays, latestTenantKeyAt } = await loadKeyRotationPolicy(deps, tenantId);
    if (!isRotationDue(rotationDays, latestTenantKeyAt, now)) continue;
    if ((await findUnfinishedKeyRotation(deps.db, tenantId)) !== undefined) continue;
    if (((await deps.keyRing.tenantKeyState(tenantId))?.state ?? 'enabled') !== 'enabled') continue;
    const request = { requestId: `system:key-rotation-policy:${tenantId}:${now.toISOString()}`, channel: 'system' } as const;
    started.push(await startKeyRotation(deps, ROTATION_POLICY_JOB, request, tenantId, 'tenant'));
  }
  return started;
}
