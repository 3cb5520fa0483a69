import { appendNodes, appendSiblingKeys } from './append-nodes.js';
import { assertHash, emptyRoot } from './hasher.js';
import { hashRange, rangeNodeKeys, type LeafRange } from './leaf-range.js';
import { MerkleError } from './merkle-error.js';
import { lookupNode, nodeKeyId, type TreeNode } from './node-key.js';
import { consistencyProofRanges, inclusionProofRanges } from './proof-ranges.js';
import { assertSize } from './tree-math.js';
import type { TreeNodeStore } from './tree-node-store.js';

/**
 * An append-only RFC 9162 Merkle tree kept as perfect subtree hashes in a {@link TreeNodeStore}.
 * Each call reads O(log n) nodes and never rescans the log. The tree does not track its own size:
 * the caller passes the log's size and serialises appends (a store refuses conflicting writes).
 * Asking about a size the log has not reached fails closed with `missing_node`.
 */
export class MerkleTree {
  readonly #store: TreeNodeStore;

  constructor(store: TreeNodeStore) {
    this.#store = store;
  }

  /**
   * Adds `leafHash` as leaf number `sizeBefore`; stores and returns the new nodes. Refuses
   * (`missing_node`) unless leaf sizeBefore − 1 exists and (`node_conflict`) if leaf sizeBefore does.
   */
  async append(leafHash: Uint8Array, sizeBefore: number): Promise<TreeNode[]> {
    assertHash(leafHash, 'leaf hash');
    assertSize(sizeBefore, 'size before append');
    const slot = { level: 0, index: sizeBefore };
    const previous = { level: 0, index: sizeBefore - 1 };
    const keys = [...appendSiblingKeys(sizeBefore), slot, ...(sizeBefore > 0 ? [previous] : [])];
    const stored = await this.#store.getNodes(keys);
    if (stored.has(nodeKeyId(slot))) throw new MerkleError('node_conflict', `leaf ${sizeBefore} already exists`);
    if (sizeBefore > 0) lookupNode(stored, previous); // the log must already hold sizeBefore leaves
    const nodes = await appendNodes(leafHash, sizeBefore, stored);
    await this.#store.putNodes(nodes);
    return nodes;
  }

  /** MTH of the first `size` leaves (RFC 9162 §2.1.1). */
  async rootAt(size: number): Promise<Uint8Array> {
    assertSize(size, 'tree size');
    if (size === 0) return emptyRoot();
    const [root] = await this.#hashRanges([{ start: 0, end: size }]);
    return root as Uint8Array;
  }

  /** Inclusion proof of leaf `index` in the tree of `size` leaves (RFC 9162 §2.1.3.1). Requires index < size. */
  async inclusionProof(index: number, size: number): Promise<Uint8Array[]> {
    return this.#hashRanges(inclusionProofRanges(index, size));
  }

  /** Consistency proof from `size1` to `size2` leaves (RFC 9162 §2.1.4.1). Requires 0 < size1 <= size2. */
  async consistencyProof(size1: number, size2: number): Promise<Uint8Array[]> {
    return this.#hashRanges(consistencyProofRanges(size1, size2));
  }

  async #hashRanges(ranges: readonly LeafRange[]): Promise<Uint8Array[]> {
    const nodes = await this.#store.getNodes(ranges.flatMap(rangeNodeKeys));
    return Promise.all(ranges.map((range) => hashRange(range, nodes)));
  }
}
