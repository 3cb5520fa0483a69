import { hashChildren } from './hasher.js';
import { lookupNode, type NodeKey } from './node-key.js';

/**
 * The leaves [start, end), a subtree of the RFC 9162 §2.1.1 recursion: start is a multiple of a
 * power of two at least end − start, so the range splits into at most log2(n) perfect subtrees.
 */
export interface LeafRange {
  readonly start: number;
  readonly end: number;
}

/** The perfect subtrees that make up a non-empty range, left to right, largest first. */
export function rangeNodeKeys(range: LeafRange): NodeKey[] {
  const keys: NodeKey[] = [];
  for (let start = range.start; start < range.end; ) {
    let level = 0;
    let width = 1;
    while (width * 2 <= range.end - start) {
      width *= 2;
      level += 1;
    }
    keys.push({ level, index: start / width });
    start += width;
  }
  return keys;
}

/**
 * MTH of a non-empty range (RFC 9162 §2.1.1) from its perfect subtrees, read from `nodes`
 * (fetched beforehand for {@link rangeNodeKeys}): folds right to left, as the recursion nests.
 */
export async function hashRange(range: LeafRange, nodes: ReadonlyMap<string, Uint8Array>): Promise<Uint8Array> {
  const hashes = rangeNodeKeys(range).map((key) => lookupNode(nodes, key));
  let hash = hashes.pop() as Uint8Array;
  while (hashes.length > 0) hash = await hashChildren(hashes.pop() as Uint8Array, hash);
  return hash;
}
