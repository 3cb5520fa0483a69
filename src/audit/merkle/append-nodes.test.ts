import { describe, expect, it } from 'vitest';
import { appendNodes, appendSiblingKeys, hashChildren } from './index.js';

const hash = (byte: number): Uint8Array => new Uint8Array(32).fill(byte);

describe('appendSiblingKeys', () => {
  it.each([
    [0, []],
    [4, []],
    [1, [{ level: 0, index: 0 }]],
    [7, [{ level: 0, index: 6 }, { level: 1, index: 2 }, { level: 2, index: 0 }]],
    [2 ** 40 + 1, [{ level: 0, index: 2 ** 40 }]],
  ])('names one left sibling per trailing 1-bit of size %d', (sizeBefore, keys) => {
    expect(appendSiblingKeys(sizeBefore)).toEqual(keys);
  });
});

describe('appendNodes', () => {
  it('stores the leaf and each perfect subtree it completes', async () => {
    const siblings = new Map([['0:2', hash(2)], ['1:0', hash(1)]]);
    const level1 = await hashChildren(hash(2), hash(3));
    expect(await appendNodes(hash(3), 3, siblings)).toEqual([
      { key: { level: 0, index: 3 }, hash: hash(3) },
      { key: { level: 1, index: 1 }, hash: level1 },
      { key: { level: 2, index: 0 }, hash: await hashChildren(hash(1), level1) },
    ]);
  });
});
