import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  emptyRoot,
  hashLeaf,
  MemoryTreeNodeStore,
  MerkleError,
  MerkleTree,
  verifyConsistency,
  verifyInclusion,
  type NodeKey,
  type TreeNodeStore,
} from './index.js';
import { referencePath, referenceProof, referenceRoot } from './reference-tree.js';

async function treeOf(leafHashes: readonly Uint8Array[], store: TreeNodeStore = new MemoryTreeNodeStore()) {
  const tree = new MerkleTree(store);
  for (const [i, leafHash] of leafHashes.entries()) await tree.append(leafHash, i);
  return tree;
}

/** Counts the node keys each call asks the store for. */
class CountingStore extends MemoryTreeNodeStore {
  lastRead = 0;

  override getNodes(keys: readonly NodeKey[]): Promise<Map<string, Uint8Array>> {
    this.lastRead = keys.length;
    return super.getNodes(keys);
  }
}

const leafData = fc.array(fc.uint8Array({ maxLength: 8 }), { minLength: 1, maxLength: 70 });

describe('MerkleTree', () => {
  it('roots, proofs and their verification match the RFC 9162 reference on random logs', async () => {
    await fc.assert(
      fc.asyncProperty(leafData, fc.nat(), fc.nat(), fc.nat(), async (data, a, b, c) => {
        const leaves = await Promise.all(data.map(hashLeaf));
        const tree = await treeOf(leaves);
        const size = 1 + (a % leaves.length);
        const index = b % size;
        const size1 = 1 + (c % size);
        const root = await referenceRoot(leaves.slice(0, size));
        const root1 = await referenceRoot(leaves.slice(0, size1));
        expect(await tree.rootAt(size)).toEqual(root);

        const inclusion = await tree.inclusionProof(index, size);
        expect(inclusion).toEqual(await referencePath(index, leaves.slice(0, size)));
        await verifyInclusion(index, size, leaves[index]!, inclusion, root);

        const consistency = await tree.consistencyProof(size1, size);
        expect(consistency).toEqual(await referenceProof(size1, leaves.slice(0, size)));
        await verifyConsistency(size1, size, root1, root, consistency);
      }),
      { numRuns: 150 },
    );
  });

  it('gives the reference root at every size of a 40-leaf log, the empty root at 0', async () => {
    const leaves = await Promise.all(Array.from({ length: 40 }, (_, i) => hashLeaf(Uint8Array.of(i))));
    const tree = await treeOf(leaves);
    expect(await tree.rootAt(0)).toEqual(await emptyRoot());
    for (let size = 1; size <= 40; size++) {
      expect(await tree.rootAt(size)).toEqual(await referenceRoot(leaves.slice(0, size)));
    }
  });

  it('reads O(log n) nodes per root or proof, never the whole log', async () => {
    const store = new CountingStore();
    const leaves = await Promise.all(Array.from({ length: 1000 }, (_, i) => hashLeaf(Uint8Array.of(i % 256, i >> 8))));
    const tree = await treeOf(leaves, store);
    const reads = async (call: () => Promise<unknown>) => (await call(), store.lastRead);
    expect(await reads(() => tree.rootAt(999))).toBeLessThanOrEqual(10);
    expect(await reads(() => tree.inclusionProof(517, 999))).toBeLessThanOrEqual(20);
    expect(await reads(() => tree.consistencyProof(377, 999))).toBeLessThanOrEqual(20);
    expect(await reads(() => tree.append(leaves[0]!, 1000))).toBeLessThanOrEqual(12);
  });

  it.each<[string, (tree: MerkleTree) => Promise<unknown>, string]>([
    ['a root beyond the log', (tree) => tree.rootAt(9), 'missing_node'],
    ['a proof beyond the log', (tree) => tree.inclusionProof(2, 9), 'missing_node'],
    ['an index outside the tree', (tree) => tree.inclusionProof(5, 5), 'index_out_of_range'],
    ['a consistency proof from the empty tree', (tree) => tree.consistencyProof(0, 5), 'empty_first_tree'],
    ['a consistency proof to a smaller tree', (tree) => tree.consistencyProof(5, 4), 'size_order'],
    ['a second leaf at the same index', (tree) => tree.append(new Uint8Array(32).fill(7), 4), 'node_conflict'],
    ['a leaf after a gap', (tree) => tree.append(new Uint8Array(32).fill(7), 10), 'missing_node'],
    ['a leaf hash that is not 32 bytes', (tree) => tree.append(new Uint8Array(20), 8), 'bad_hash_size'],
    ['a negative size', (tree) => tree.rootAt(-1), 'invalid_size'],
  ])('refuses %s', async (_, call, reason) => {
    const tree = await treeOf(await Promise.all(Array.from({ length: 8 }, (_, i) => hashLeaf(Uint8Array.of(i)))));
    await expect(call(tree)).rejects.toSatisfy((e) => e instanceof MerkleError && e.reason === reason);
  });
});
