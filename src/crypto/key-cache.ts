import type { Clock } from '../common/index.js';
import type { SecretKey } from './secret-key.js';

/**
 * Unwrapped keys held in memory for at most `ttlMs` (by the injected clock) and at most
 * `maxEntries` at once; when full, the oldest entry is evicted.
 */
export class KeyCache {
  readonly #entries = new Map<string, { key: SecretKey; expiresAt: number }>();
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #maxEntries: number;

  constructor(clock: Clock, ttlMs: number, maxEntries: number) {
    this.#clock = clock;
    this.#ttlMs = ttlMs;
    this.#maxEntries = maxEntries;
  }

  /** The cached key, or undefined if absent or expired (an expired entry is dropped). */
  get(id: string): SecretKey | undefined {
    const entry = this.#entries.get(id);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > this.#clock.now().getTime()) return entry.key;
    this.#entries.delete(id);
    return undefined;
  }

  set(id: string, key: SecretKey): void {
    this.#entries.delete(id);
    if (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(id, { key, expiresAt: this.#clock.now().getTime() + this.#ttlMs });
  }

  /** Drops every entry whose id `matches` (a destroyed key's versions). */
  deleteMatching(matches: (id: string) => boolean): void {
    for (const id of [...this.#entries.keys()]) if (matches(id)) this.#entries.delete(id);
  }

  clear(): void {
    this.#entries.clear();
  }
}
