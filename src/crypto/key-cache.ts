import type { Clock } from '../common/index.js';
import type { SecretKey } from './secret-key.js';

/** How a key cache has served since it was made: counts only, never ids or keys. */
export interface KeyCacheStats {
  /** Lookups answered from memory. */
  readonly hits: number;
  /** Lookups that found nothing, or an expired entry (counted again in `expired`). */
  readonly misses: number;
  readonly expired: number;
  /** Entries dropped to make room. */
  readonly evicted: number;
  /** Entries held now. */
  readonly size: number;
}

/**
 * Unwrapped keys held in memory for at most `ttlMs` from when they were set (by the injected
 * clock; a hit does not extend it) and at most `maxEntries` at once; when full, the least
 * recently used entry is evicted. Counts its hits and misses.
 */
export class KeyCache {
  readonly #entries = new Map<string, { key: SecretKey; expiresAt: number }>();
  #hits = 0;
  #misses = 0;
  #expired = 0;
  #evicted = 0;
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #maxEntries: number;

  constructor(clock: Clock, ttlMs: number, maxEntries: number) {
    this.#clock = clock;
    this.#ttlMs = ttlMs;
    this.#maxEntries = maxEntries;
  }

  /** The cached key, now the most recently used, or undefined if absent or expired (an expired entry is dropped). */
  get(id: string): SecretKey | undefined {
    const entry = this.#entries.get(id);
    if (entry !== undefined && entry.expiresAt > this.#clock.now().getTime()) {
      this.#hits += 1;
      // A Map iterates in insertion order: re-inserting moves the entry to the most recent end.
      this.#entries.delete(id);
      this.#entries.set(id, entry);
      return entry.key;
    }
    this.#misses += 1;
    if (entry !== undefined) {
      this.#expired += 1;
      this.#entries.delete(id);
    }
    return undefined;
  }

  /** Holds `key` as the most recently used for `ttlMs`, evicting the least recently used entry if full. */
  set(id: string, key: SecretKey): void {
    this.#entries.delete(id);
    if (this.#entries.size >= this.#maxEntries) {
      const leastRecentlyUsed = this.#entries.keys().next();
      if (!leastRecentlyUsed.done) {
        this.#entries.delete(leastRecentlyUsed.value);
        this.#evicted += 1;
      }
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

  stats(): KeyCacheStats {
    return { hits: this.#hits, misses: this.#misses, expired: this.#expired, evicted: this.#evicted, size: this.#entries.size };
  }
}
