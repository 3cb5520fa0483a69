/**
 * Whether a tenant's key may be used. `disabled` is reversible: every use of the tenant's keys
 * fails with `key_unavailable` until it is `enabled` again. `destroyed` is final: the key and
 * everything under it are gone, and every use fails with `key_destroyed`. No record means enabled.
 */
export const TENANT_KEY_STATES = ['enabled', 'disabled', 'destroyed'] as const;
export type TenantKeyStateName = (typeof TENANT_KEY_STATES)[number];

export interface TenantKeyState {
  readonly scope: string;
  readonly state: TenantKeyStateName;
  /** ISO 8601 timestamp. */
  readonly changedAt: string;
  /** The principal id that changed it. */
  readonly changedBy: string;
}

/** Where tenant key states persist, shared by every process of the installation. */
export interface TenantKeyStateStore {
  /** The stored state, or undefined when it was never changed (enabled). */
  get(scope: string): Promise<TenantKeyState | undefined>;
  /**
   * Stores `state`, replacing any earlier one — except `destroyed`, which nothing replaces: asked
   * to, it rejects with `key_destroyed` (storing `destroyed` again keeps the first record).
   */
  set(state: TenantKeyState): Promise<void>;
}
