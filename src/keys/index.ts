/** What a tenant controls about its own key: its state (disable, enable) and its versions. */
export type { KeyDeps } from './key-deps.js';
export type { TenantKeyStatus } from './tenant-key-status.js';
export { getTenantKeyStatus } from './get-tenant-key-status.js';
export { changeTenantKeyState } from './change-tenant-key-state.js';
