import { enforce, type Principal } from '../access/index.js';
import type { RequestContext } from '../common/index.js';
import { SealdeskError } from '../errors/index.js';
import { findKeyRotationPolicy, findTenant, listTenantKeyVersions, saveKeyRotationPolicy } from '../store/index.js';
import type { KeyRotationDeps } from './key-rotation.js';
import { isRotationPeriod, ROTATION_DAYS, rotationDueAt, type KeyRotationPolicy } from './rotation-policy.js';

/** The tenant's rotation policy: `key.status` (owner, admin, security officer, auditor), recorded as `key.status-read`. */
export async function getKeyRotationPolicy(deps: KeyRotationDeps, principal: Principal, request: RequestContext, tenantId: string): Promise<KeyRotationPolicy> {
  await enforce(deps, { principal, action: 'key.status', resource: { tenantId }, request, audit: { action: 'key.status-read', details: { policy: 'rotation' } } });
  return loadKeyRotationPolicy(deps, tenantId);
}

/**
 * Sets the tenant's rotation period (`key-rotation-policy.update`: owner or security officer),
 * with a ticket; recorded as `key.rotation-policy-changed` before it is stored. `rotationDays`
 * is null (off) or a whole number of days in `ROTATION_DAYS`; anything else is
 * `invalid_request`. A period the latest tenant key has already outlived starts a rotation at
 * `serve`'s next check.
 */
export async function setKeyRotationPolicy(
  deps: KeyRotationDeps,
  principal: Principal,
  request: RequestContext,
  tenantId: string,
  input: { readonly rotationDays: number | null; readonly ticket: string },
): Promise<KeyRotationPolicy> {
  if (!isRotationPeriod(input.rotationDays)) {
    throw new SealdeskError('invalid_request', { userMessage: `rotationDays must be null (off) or a whole number of days from ${ROTATION_DAYS.min} to ${ROTATION_DAYS.max}.` });
  }
  await enforce(deps, {
    principal,
    action: 'key-rotation-policy.update',
    resource: { tenantId },
    request,
    audit: { action: 'key.rotation-policy-changed', ticket: input.ticket, details: { rotationDays: input.rotationDays ?? 'off' } },
  });
  if (!(await findTenant(deps.db, tenantId))) throw new SealdeskError('not_found');
  await saveKeyRotationPolicy(deps.db, {
    tenant_id: tenantId,
    rotation_days: input.rotationDays,
    ticket: input.ticket,
    changed_at: deps.clock.now().toISOString(),
    changed_by: principal.id,
  });
  return loadKeyRotationPolicy(deps, tenantId);
}

/** The policy as stored (no row: off), of a tenant that exists; `not_found` otherwise. */
export async function loadKeyRotationPolicy(deps: Pick<KeyRotationDeps, 'db'>, tenantId: string): Promise<KeyRotationPolicy> {
  const latest = (await listTenantKeyVersions(deps.db, tenantId)).at(-1);
  if (latest === undefined) throw new SealdeskError('not_found');
  const row = await findKeyRotationPolicy(deps.db, tenantId);
  const rotationDays = row?.rotation_days === undefined || row.rotation_days === null ? null : Number(row.rotation_days);
  return {
    tenantId,
    rotationDays,
    changedAt: row?.changed_at ?? null,
    changedBy: row?.changed_by ?? null,
    latestTenantKeyAt: latest.created_at,
    nextRotationAt: rotationDueAt(rotationDays, latest.created_at)?.toISOString() ?? null,
  };
}
