/** What a tenant controls about its own key: its state (disable, enable), its versions, and importing its own (BYOK). */
export type { KeyDeps } from './key-deps.js';
export type { TenantKeyStatus } from './tenant-key-status.js';
export { getTenantKeyStatus } from './get-tenant-key-status.js';
export { changeTenantKeyState } from './change-tenant-key-state.js';
export type { KeyImportParameters } from './key-import-parameters.js';
export { getKeyImportParameters, KEY_IMPORT_TOKEN_TTL_MS } from './get-key-import-parameters.js';
export { importTenantKey, type KeyImported, type KeyImportInput } from './import-tenant-key.js';
