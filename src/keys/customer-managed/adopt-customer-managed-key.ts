import type { Principal } from '../../access/index.js';
import type { RequestContext } from '../../common/index.js';
import { systemJustification } from '../../crypto/index.js';
import { SealdeskError } from '../../errors/index.js';
import { startTenantKeyReplacement } from '../../key-rotation/index.js';
import { deleteCustomerManagedKey, insertCustomerManagedKey } from '../../store/index.js';
import { admitKeyReplacement } from '../admit-key-replacement.js';
import { loadTenantKeyStatus } from '../get-tenant-key-status.js';
import type { KeyDeps } from '../key-deps.js';
import type { TenantKeyReplaced } from '../tenant-key-status.js';
import { checkCustomerKey } from './check-customer-key.js';
import { customerKeyPinBinding } from './customer-key-binding.js';

/** Where the tenant's own key is: an AES-256 key on its PKCS#11 token. */
export interface CustomerKeyInput {
  /** The PKCS#11 library's path; must be one of the installation's `SEALDESK_CUSTOMER_KEY_MODULES`. */
  readonly module: string;
  readonly tokenLabel: string;
  readonly keyLabel: string;
  /** The token's user PIN; sealed under the installation's scope, never shown or logged. */
  readonly pin: string;
  /** The approved `key-provider-change` request (`acr_…`) for adopting this key, the caller's own; its ticket is the adoption's. */
  readonly approval: string;
}

/**
 * Customer-managed key (owner or security officer, `key.replace`: holding `input.approval`, a
 * request to adopt this very key — library, token and key label — that two people approved, see
 * `admitKeyReplacement`), recorded as `key.customer-key-adopted` (the version, the rotation)
 * before the token is opened. The adoption that succeeds ends the approval; a refused one leaves
 * it for another try. The key on
 * the tenant's token is checked (`checkCustomerKey`), the PIN sealed under the installation's
 * scope, and a tenant-level rotation made at once whose new tenant key the customer key wraps —
 * as it wraps every later version (rotations by hand or by policy alike) — while `serve`'s
 * rotation job wraps every data key under it and re-seals every value. From then on the tenant's
 * data is readable only while its key is usable on its token (docs/keys.md).
 *
 * Refused with `customer_key_refused`, nothing changed, when the installation allows no such
 * library or the token, PIN or key cannot be used (recorded as `key.customer-key-refused`);
 * `conflict` while a rotation of the tenant's keys runs; `key_unavailable` while its key is
 * disabled.
 */
export async function adoptCustomerManagedKey(deps: KeyDeps, principal: Principal, request: RequestContext, tenantId: string, input: CustomerKeyInput): Promise<TenantKeyReplaced> {
  const { planned, rotation, decision, spendApproval, recordRefusal } = await admitKeyReplacement(
    deps,
    principal,
    request,
    tenantId,
    { action: 'key.customer-key-adopted', details: { provider: 'pkcs11' } },
    { id: input.approval, change: { kind: 'customer-managed', module: input.module, tokenLabel: input.tokenLabel, keyLabel: input.keyLabel } },
    'adopting a customer-managed key',
  );
  let recorded = false;
  try {
    const customerKeys = deps.customerKeys;
    if (customerKeys === undefined || !customerKeys.allowedModules.includes(input.module)) {
      throw new SealdeskError('customer_key_refused', {
        userMessage: `This installation does not allow the PKCS#11 library ${input.module} for customer-managed keys; its operator lists the allowed ones in SEALDESK_CUSTOMER_KEY_MODULES.`,
      });
    }
    const keyId = await checkCustomerKey({ module: input.module, token: { label: input.tokenLabel }, pin: input.pin, keyLabel: input.keyLabel }, tenantId);
    const pinEnc = await deps.keyRing.seal(input.pin, customerKeyPinBinding(tenantId, planned), systemJustification('keys', 'adopt-customer-managed-key'));
    const started = await startTenantKeyReplacement(deps, {
      id: rotation,
      scope: tenantId,
      requestedBy: principal.id,
      justification: decision.justification,
      beforeKeys: async (version) => {
        if (version !== planned) throw new SealdeskError('conflict', { userMessage: "The tenant's key changed meanwhile; try again." });
        await spendApproval();
        await insertCustomerManagedKey(deps.db, {
          tenant_id: tenantId,
          from_version: version,
          module: input.module,
          token_label: input.tokenLabel,
          key_label: input.keyLabel,
          key_id: keyId,
          pin_enc: pinEnc,
          ticket: decision.grant?.ticket ?? '',
          created_at: deps.clock.now().toISOString(),
          created_by: principal.id,
        });
        recorded = true;
        customerKeys.forget(tenantId);
      },
    });
    deps.keyRotationRequested?.();
    return { version: planned, rotation: { id: started.id, status: started.status, phase: started.phase }, key: await loadTenantKeyStatus(deps, tenantId) };
  } catch (error) {
    if (recorded && (await deps.keyRing.versions(tenantId)).tenant < planned) await deleteCustomerManagedKey(deps.db, tenantId, planned);
    await recordRefusal(error, { code: 'customer_key_refused', action: 'key.customer-key-refused', rule: 'customer-key-refused', details: { version: planned } });
    throw error;
  }
}
