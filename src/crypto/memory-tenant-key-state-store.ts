import type { TenantKeyState, TenantKeyStateStore } from './tenant-key-state.js';

/** An in-memory `TenantKeyStateStore` for tests. */
export class MemoryTenantKeyStateStore implements TenantKeyStateStore {
  readonly #states = new Map<string, TenantKeyState>();

  async get(scope: string): Promise<TenantKeyState | undefined> {
    return this.#states.get(scope);
  }

  async set(state: TenantKeyState): Promise<void> {
    this.#states.set(state.scope, { ...state });
  }
}
