import type { TenantKeyStateName } from '../crypto/index.js';

/** What a tenant may know about its key: its state and versions, never key bytes. */
export interface TenantKeyStatus {
  readonly tenantId: string;
  readonly state: TenantKeyStateName;
  /** When and by whom the state last changed; null when it never did. */
  readonly changedAt: string | null;
  readonly changedBy: string | null;
  /** Each tenant key version and where it came from (`generated` here, or `imported`). */
  readonly versions: readonly { readonly version: number; readonly origin: string; readonly createdAt: string }[];
}
