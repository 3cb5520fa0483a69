import { enforce, type Principal } from '../access/index.js';
import { OPERATOR_LOG } from '../audit/index.js';
import type { RequestContext } from '../common/index.js';
import { SealdeskError } from '../errors/index.js';
import {
  findInstallationKeyPolicy,
  findKeyRotationPolicy,
  findTenant,
  listTenantKeyVersions,
  saveInstallationKeyPolicy,
  saveKeyRotationPolicy,
  type InstallationKeyPolicyRow,
} from '../store/index.js';
import type { KeyRotationDeps } from './key-rotation.js';
import { isRotationPeriod, ROTATION_DAYS, rotationDueAt, type KeyRotationPolicy } from './rotation-policy.js';

/**
 * A scope's rotation policy — a tenant's, or `operator` for the installation's own keys:
 * `key.status` (a tenant's owner, admin, security officer, auditor; the operator's owner and
 * security staff for the installation's), recorded as `key.status-read`.
 */
export async function getKeyRotationPolicy(deps: KeyRotationDeps, principal: Principal, request: RequestContext, scope: string): Promise<KeyRotationPolicy> {
  await enforce(deps, { principal, action: 'key.status', resource: resourceOf(scope), request, audit: { action: 'key.status-read', details: { policy: 'rotation' } } });
  return loadKeyRotationPolicy(deps, scope);
}

/**
 * Sets a scope's rotation period (`key-rotation-policy.update`: a tenant's owner or security
 * officer; the operator's security staff for the installation's own keys, scope `operator`),
 * with a ticket; recorded as `key.rotation-policy-changed` before it is stored. `rotationDays`
 * is null (off) or a whole number of days in `ROTATION_DAYS`; anything else is
 * `invalid_request`. A period the latest tenant key has already outlived starts a rotation at
 * `serve`'s next check.
 */
export async function setKeyRotationPolicy(
  deps: KeyRotationDeps,
  principal: Principal,
  request: RequestContext,
  scope: string,
  input: { readonly rotationDays: number | null; readonly ticket: string },
): Promise<KeyRotationPolicy> {
  if (!isRotationPeriod(input.rotationDays)) {
    throw new SealdeskError('invalid_request', { userMessage: `rotationDays must be null (off) or a whole number of days from ${ROTATION_DAYS.min} to ${ROTATION_DAYS.max}.` });
  }
  await enforce(deps, {
    principal,
    action: 'key-rotation-policy.update',
    resource: resourceOf(scope),
    request,
    audit: { action: 'key.rotation-policy-changed', ticket: input.ticket, details: { rotationDays: input.rotationDays ?? 'off' } },
  });
  const row: InstallationKeyPolicyRow = { rotation_days: input.rotationDays, ticket: input.ticket, changed_at: deps.clock.now().toISOString(), changed_by: principal.id };
  if (scope === OPERATOR_LOG) await saveInstallationKeyPolicy(deps.db, 'operator_key_rotation_policy', row);
  else if (await findTenant(deps.db, scope)) await saveKeyRotationPolicy(deps.db, { tenant_id: scope, ...row });
  else throw new SealdeskError('not_found');
  return loadKeyRotationPolicy(deps, scope);
}

/** The operator's policy, when it has a period; for `startDueRotations`, beside the tenants'. */
export async function findActiveOperatorRotationPolicy(deps: Pick<KeyRotationDeps, 'db'>): Promise<InstallationKeyPolicyRow | undefined> {
  const row = await findInstallationKeyPolicy(deps.db, 'operator_key_rotation_policy');
  return row?.rotation_days === null ? undefined : row;
}

function resourceOf(scope: string) {
  return scope === OPERATOR_LOG ? {} : { tenantId: scope };
}

/** The policy as stored (no row: off), of a tenant that exists or of `operator`; `not_found` otherwise. */
export async function loadKeyRotationPolicy(deps: Pick<KeyRotationDeps, 'db'>, scope: string): Promise<KeyRotationPolicy> {
  const latest = (await listTenantKeyVersions(deps.db, scope)).at(-1);
  if (latest === undefined) throw new SealdeskError('not_found');
  const row = scope === OPERATOR_LOG ? await findInstallationKeyPolicy(deps.db, 'operator_key_rotation_policy') : await findKeyRotationPolicy(deps.db, scope);
  const rotationDays = row?.rotation_days === undefined || row.rotation_days === null ? null : Number(row.rotation_days);
  return {
    tenantId: scope,
    rotationDays,
    changedAt: row?.changed_at ?? null,
    changedBy: row?.changed_by ?? null,
    latestTenantKeyAt: latest.created_at,
    nextRotationAt: rotationDueAt(rotationDays, latest.created_at)?.toISOString() ?? null,
  };
}
