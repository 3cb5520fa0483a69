import type { Binding } from '../../crypto/index.js';

/** The installation's own key scope: customer-managed keys' PINs are sealed under it, and it never has one itself. */
export const INSTALLATION_SCOPE = 'operator';

/** Where a customer-managed key's sealed PIN belongs: the installation's scope, bound to the tenant and version. */
export function customerKeyPinBinding(tenantId: string, fromVersion: number): Binding {
  return { tenant: INSTALLATION_SCOPE, table: 'customer_managed_keys', column: 'pin_enc', row: `${tenantId}/${fromVersion}` };
}
