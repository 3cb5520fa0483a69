import type { TenantKeyDestruction } from '../access/index.js';
import type { VerifiableAuditLog } from '../audit/index.js';
import { isSealdeskError } from '../errors/index.js';
import { deleteCustomerManagedKeys, listUnfinishedKeyDestructions } from '../store/index.js';
import type { KeyDeps } from './key-deps.js';

/** The key layer's part in an approved destruction, for `decideAccessRequest`. */
export function tenantKeyDestruction(deps: Pick<KeyDeps, 'db' | 'keyRing' | 'customerKeys'> & { readonly audit: VerifiableAuditLog }): TenantKeyDestruction {
  return {
    async sealAuditLog(tenantId) {
      try {
        await deps.audit.checkpoint(tenantId);
      } catch (error) {
        // A disabled key cannot sign: the destruction's entries stay in the log, but no checkpoint will cover them.
        if (!isSealdeskError(error) || error.code !== 'key_unavailable') throw error;
      }
    },
    destroy: (tenantId, destroyedBy) => destroyTenantKeyMaterial(deps, tenantId, destroyedBy),
  };
}

/**
 * Carries out a tenant key destruction that two people approved (`requestTenantKeyDestruction`):
 * the tenant's customer-managed key records and their sealed PINs go, then the key ring deletes
 * the tenant's subject keys, every version of the tenant key and the data keys under it
 * (`KeyRing.destroyTenantKey`: the database's wrapped keys last, so while any is left there the
 * destruction is unfinished). Idempotent, so an interrupted destruction is finished by running it
 * again (`finishTenantKeyDestructions` does at every start).
 */
export async function destroyTenantKeyMaterial(deps: Pick<KeyDeps, 'db' | 'keyRing' | 'customerKeys'>, tenantId: string, destroyedBy: string): Promise<void> {
  await deleteCustomerManagedKeys(deps.db, tenantId);
  deps.customerKeys?.forget(tenantId);
  await deps.keyRing.destroyTenantKey(tenantId, destroyedBy);
}

/** Finishes every destruction whose approval was stored but whose key material is not all gone (a crash in between): one query when there is none. */
export async function finishTenantKeyDestructions(deps: Pick<KeyDeps, 'db' | 'keyRing' | 'customerKeys'>): Promise<void> {
  for (const tenantId of await listUnfinishedKeyDestructions(deps.db)) {
    const state = await deps.keyRing.tenantKeyState(tenantId);
    await destroyTenantKeyMaterial(deps, tenantId, state?.changedBy ?? 'system');
  }
}
