/** What a tenant controls about its own key: its state (disable, enable, destroy under two-person approval), its versions, importing its own (BYOK), and holding it on its own token (customer-managed keys). */
export type { KeyDeps } from './key-deps.js';
export type { TenantKeyReplaced, TenantKeyStatus } from './tenant-key-status.js';
export { getTenantKeyStatus } from './get-tenant-key-status.js';
export { changeTenantKeyState } from './change-tenant-key-state.js';
export type { KeyImportParameters } from './key-import-parameters.js';
export { getKeyImportParameters, KEY_IMPORT_TOKEN_TTL_MS } from './get-key-import-parameters.js';
export { importTenantKey, type KeyImportInput } from './import-tenant-key.js';
export { CustomerKeyWrappers, type CustomerKeyWrappersOptions } from './customer-managed/customer-key-wrappers.js';
export { adoptCustomerManagedKey, type CustomerKeyInput } from './customer-managed/adopt-customer-managed-key.js';
export { requestTenantKeyDestruction } from './request-tenant-key-destruction.js';
export { destroyTenantKeyMaterial, finishTenantKeyDestructions, tenantKeyDestruction } from './destroy-tenant-key.js';
export { requestKeyProviderChange } from './request-key-provider-change.js';
export type { KeyProviderChange } from './key-provider-change.js';
