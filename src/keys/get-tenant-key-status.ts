import { enforce, type Principal } from '../access/index.js';
import type { RequestContext } from '../common/index.js';
import { SealdeskError } from '../errors/index.js';
import { findTenant, listCustomerManagedKeys, listTenantKeyVersions } from '../store/index.js';
import type { KeyDeps } from './key-deps.js';
import type { TenantKeyStatus } from './tenant-key-status.js';

/** The tenant key's state and versions (owner, admin, security officer, auditor); recorded as `key.read`. */
export async function getTenantKeyStatus(deps: KeyDeps, principal: Principal, request: RequestContext, tenantId: string): Promise<TenantKeyStatus> {
  if (!(await findTenant(deps.db, tenantId))) throw new SealdeskError('not_found');
  await enforce(deps, { principal, action: 'tenant-key.read', resource: { tenantId }, request, audit: { action: 'key.read' } });
  return loadTenantKeyStatus(deps, tenantId);
}

/** The status as stored, of a tenant that exists. */
export async function loadTenantKeyStatus(deps: KeyDeps, tenantId: string): Promise<TenantKeyStatus> {
  const state = await deps.keyRing.tenantKeyState(tenantId);
  const versions = await listTenantKeyVersions(deps.db, tenantId);
  const customerKeys = await listCustomerManagedKeys(deps.db, tenantId);
  const firstCustomerVersion = customerKeys[0]?.from_version ?? Number.POSITIVE_INFINITY;
  return {
    tenantId,
    state: state?.state ?? 'enabled',
    changedAt: state?.changedAt ?? null,
    changedBy: state?.changedBy ?? null,
    versions: versions.map((row) => ({
      version: row.version,
      origin: row.origin,
      createdAt: row.created_at,
      wrappedBy: row.version >= firstCustomerVersion ? 'customer' : 'installation',
    })),
    customerKeys: customerKeys.map((row) => ({
      fromVersion: row.from_version,
      provider: 'pkcs11',
      module: row.module,
      tokenLabel: row.token_label,
      keyLabel: row.key_label,
      keyId: row.key_id,
      adoptedAt: row.created_at,
      adoptedBy: row.created_by,
    })),
  };
}
