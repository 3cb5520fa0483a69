import { SealdeskError } from '../errors/index.js';
import type { TenantKeyState, TenantKeyStateStore } from './tenant-key-state.js';

/** An in-memory `TenantKeyStateStore` for tests. */
export class MemoryTenantKeyStateStore implements TenantKeyStateStore {
  readonly #states = new Map<string, TenantKeyState>();

  async get(scope: string): Promise<TenantKeyState | undefined> {
    return this.#states.get(scope);
  }

  async set(state: TenantKeyState): Promise<void> {
    if (this.#states.get(state.scope)?.state === 'destroyed') {
      if (state.state === 'destroyed') return;
      throw new SealdeskError('key_destroyed', { detail: `the tenant key of ${state.scope} is destroyed` });
    }
    this.#states.set(state.scope, { ...state });
  }
}
