import type { TenantKeyStateName } from '../crypto/index.js';
import type { KeyRotation } from '../key-rotation/index.js';

/** What a tenant may know about its key: its state and versions, never key bytes. */
export interface TenantKeyStatus {
  readonly tenantId: string;
  readonly state: TenantKeyStateName;
  /** When and by whom the state last changed; null when it never did. */
  readonly changedAt: string | null;
  readonly changedBy: string | null;
  /**
   * Each tenant key version, where it came from (`generated` here, or `imported`), and what wraps
   * it: the installation's root key, or the tenant's own `customer` key (see `customerKeys`).
   */
  readonly versions: readonly { readonly version: number; readonly origin: string; readonly createdAt: string; readonly wrappedBy: 'installation' | 'customer' }[];
  /** The customer-managed keys adopted, oldest first; each wraps the versions from `fromVersion` until the next. Never the PIN. */
  readonly customerKeys: readonly CustomerKeyView[];
}

/** Where a customer-managed key is: a key on the tenant's PKCS#11 token. */
export interface CustomerKeyView {
  readonly fromVersion: number;
  readonly provider: 'pkcs11';
  readonly module: string;
  readonly tokenLabel: string;
  readonly keyLabel: string;
  /** `pkcs11-<CKA_ID hex>`: a key with the label but another id is not used. */
  readonly keyId: string;
  readonly adoptedAt: string;
  readonly adoptedBy: string;
}

/** A tenant key replaced (BYOK import, customer-managed key): the new version, and the rotation moving the tenant's data keys under it. */
export interface TenantKeyReplaced {
  readonly version: number;
  readonly rotation: Pick<KeyRotation, 'id' | 'status' | 'phase'>;
  readonly key: TenantKeyStatus;
}
