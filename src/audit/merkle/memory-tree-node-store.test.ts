import { describe, expect, it } from 'vitest';
import { MemoryTreeNodeStore, MerkleError } from './index.js';

const node = (level: number, index: number, byte: number) => ({ key: { level, index }, hash: new Uint8Array(32).fill(byte) });

describe('MemoryTreeNodeStore', () => {
  it('returns only the stored nodes, keyed "level:index"', async () => {
    const store = new MemoryTreeNodeStore();
    await store.putNodes([node(0, 0, 1), node(1, 0, 2)]);
    const found = await store.getNodes([{ level: 1, index: 0 }, { level: 0, index: 1 }]);
    expect([...found.entries()]).toEqual([['1:0', new Uint8Array(32).fill(2)]]);
  });

  it('accepts rewriting a node with the same hash', async () => {
    const store = new MemoryTreeNodeStore();
    await store.putNodes([node(0, 0, 1)]);
    await expect(store.putNodes([node(0, 0, 1)])).resolves.toBeUndefined();
  });

  it('refuses to replace a node with a different hash, writing nothing of the batch', async () => {
    const store = new MemoryTreeNodeStore();
    await store.putNodes([node(0, 0, 1)]);
    await expect(store.putNodes([node(0, 1, 5), node(0, 0, 9)])).rejects.toBeInstanceOf(MerkleError);
    expect((await store.getNodes([{ level: 0, index: 1 }])).size).toBe(0);
  });

  it('keeps its own copy of stored hashes', async () => {
    const store = new MemoryTreeNodeStore();
    const written = node(0, 0, 1);
    await store.putNodes([written]);
    written.hash.fill(0);
    expect((await store.getNodes([written.key])).get('0:0')).toEqual(new Uint8Array(32).fill(1));
  });
});
