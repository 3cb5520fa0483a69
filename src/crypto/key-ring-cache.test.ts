import { systemJustification } from './unwrap-justification.js';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../common/index.js';
import { type Binding, FakeRootKeyProvider, KeyRing, MemoryWrappedKeyStore, type WrappedKeyStore } from './index.js';

const TEST_JUSTIFICATION = systemJustification('test', 'test');

const TTL = 60_000;
const binding: Binding = { tenant: 'ten_a', table: 'messages', column: 'body', row: 'msg_1' };

/** Counts reads through to a memory store. */
function countingStore(): WrappedKeyStore & { reads: number } {
  const memory = new MemoryWrappedKeyStore();
  const store = {
    reads: 0,
    latest: (...args: Parameters<WrappedKeyStore['latest']>) => (store.reads++, memory.latest(...args)),
    get: (...args: Parameters<WrappedKeyStore['get']>) => (store.reads++, memory.get(...args)),
    insert: (...args: Parameters<WrappedKeyStore['insert']>) => memory.insert(...args),
    list: (...args: Parameters<WrappedKeyStore['list']>) => memory.list(...args),
    rewrap: (...args: Parameters<WrappedKeyStore['rewrap']>) => memory.rewrap(...args),
    destroyScope: (scope: string) => memory.destroyScope(scope),
  };
  return store;
}

describe('KeyRing key cache', () => {
  it('reads the store again only after the time to live', async () => {
    const store = countingStore();
    const clock = new ManualClock();
    const ring = new KeyRing({ root: new FakeRootKeyProvider(), store, clock, cacheTtlMs: TTL, latestTtlMs: TTL });
    await ring.ensureScope('ten_a');
    ring.clearCache();
    store.reads = 0;

    const envelope = await ring.seal('hello', binding, TEST_JUSTIFICATION);
    await ring.open(envelope, binding, TEST_JUSTIFICATION);
    const firstReads = store.reads;
    expect(firstReads).toBeGreaterThan(0);

    clock.advance(TTL - 1);
    await ring.seal('hello', binding, TEST_JUSTIFICATION);
    await ring.open(envelope, binding, TEST_JUSTIFICATION);
    expect(store.reads).toBe(firstReads);

    clock.advance(1);
    await ring.seal('hello', binding, TEST_JUSTIFICATION);
    expect(store.reads).toBeGreaterThan(firstReads);
  });

  it('reads the store again after clearCache', async () => {
    const store = countingStore();
    const ring = new KeyRing({ root: new FakeRootKeyProvider(), store, clock: new ManualClock() });
    await ring.ensureScope('ten_a');
    await ring.seal('hello', binding, TEST_JUSTIFICATION);
    const reads = store.reads;
    ring.clearCache();
    await ring.seal('hello', binding, TEST_JUSTIFICATION);
    expect(store.reads).toBeGreaterThan(reads);
  });
});
