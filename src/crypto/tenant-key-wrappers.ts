import type { RootKeyProvider } from './root-key-provider.js';

/**
 * Who wraps each tenant key version: the installation's root key provider, or — for a tenant
 * that holds its own key (a customer-managed key on the tenant's PKCS#11 token) — that key.
 * Without one (crypto unit tests, an installation with no customer-managed keys) the root key
 * provider wraps every version.
 */
export interface TenantKeyWrappers {
  /**
   * The provider that wraps (or, for a version about to be made, will wrap) `scope`'s tenant key
   * `version`. Answers from the stored configuration, not from memory, so a version made by
   * another process under a newly adopted customer key is unwrapped with that key.
   */
  providerFor(scope: string, version: number): Promise<RootKeyProvider>;
  /**
   * Rejects with `key_unavailable` when `scope`'s customer-managed key cannot be used now (its
   * token refuses it, the key is gone, the token is unreachable); resolves at once for a scope
   * without one. Called on every use of the scope's keys, so it must answer from a short-lived
   * memory of its last check.
   */
  assertAvailable(scope: string): Promise<void>;
}
