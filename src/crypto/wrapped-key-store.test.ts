import { describe, expect, it } from 'vitest';
import { MemoryWrappedKeyStore, type WrappedKeyRecord, type WrappedKeyStore } from './index.js';

// The contract every WrappedKeyStore passes. Add the SQLite and PostgreSQL stores here.
const STORES: Array<{ name: string; make: () => Promise<WrappedKeyStore> }> = [
  { name: 'MemoryWrappedKeyStore', make: async () => new MemoryWrappedKeyStore() },
];

function record(overrides: Partial<WrappedKeyRecord> = {}): WrappedKeyRecord {
  return {
    scope: 'ten_a',
    kind: 'data',
    purpose: 'content',
    version: 1,
    parentVersion: 1,
    wrappedKey: Buffer.from('wrapped bytes'),
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

describe.each(STORES)('WrappedKeyStore contract: $name', ({ make }) => {
  it('returns what was inserted', async () => {
    const store = await make();
    await store.insert(record());
    expect(await store.get('ten_a', 'data', 'content', 1)).toEqual(record());
  });

  it('answers undefined for absent keys', async () => {
    const store = await make();
    await store.insert(record());
    expect(await store.get('ten_a', 'data', 'content', 2)).toBeUndefined();
    expect(await store.latest('ten_b', 'data', 'content')).toBeUndefined();
    expect(await store.latest('ten_a', 'data', 'tokens')).toBeUndefined();
    expect(await store.latest('ten_a', 'tenant', 'content')).toBeUndefined();
  });

  it('gives the highest version as latest, per scope, kind and purpose', async () => {
    const store = await make();
    for (const version of [1, 3, 2]) await store.insert(record({ version }));
    await store.insert(record({ version: 9, scope: 'ten_b' }));
    await store.insert(record({ version: 8, purpose: 'tokens' }));
    expect((await store.latest('ten_a', 'data', 'content'))?.version).toBe(3);
  });

  it('rejects a duplicate version and keeps the original', async () => {
    const store = await make();
    await store.insert(record());
    await expect(store.insert(record({ wrappedKey: Buffer.from('other') }))).rejects.toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
    expect((await store.get('ten_a', 'data', 'content', 1))?.wrappedKey.toString()).toBe('wrapped bytes');
  });
});
