import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  emptyRoot,
  hashChildren,
  hashLeaf,
  MemoryTreeNodeStore,
  MerkleTree,
  verifyConsistency,
  verifyInclusion,
} from '../../src/audit/merkle/index.js';
import { conformanceDir } from './conformance-dir.js';

// Hash and proof vectors transcribed from transparency-dev/merkle (Apache-2.0), plus the proof
// table derived from its leaves; see <conformanceDir>/merkle/README.md. All hex.

interface InclusionVector { leafIndex: number; treeSize: number; leafHash: string; root: string; proof: string[] }
interface ConsistencyVector { size1: number; size2: number; root1: string; root2: string; proof: string[] }
interface Vectors {
  hasherVectors: Array<{
    desc: string;
    op: 'emptyRoot' | 'hashLeaf' | 'hashChildren';
    inputHex?: string;
    leftHex?: string;
    rightHex?: string;
    want: string;
  }>;
  leafInputsHex: string[];
  leafHashes: string[];
  nodeHashes: { levels: string[][] };
  rootHashesBySize: { roots: string[] };
  inclusionProofs: InclusionVector[];
  consistencyProofs: ConsistencyVector[];
}
interface Derived { inclusion: InclusionVector[]; consistency: ConsistencyVector[] }

const read = <T>(file: string): T => JSON.parse(readFileSync(path.join(conformanceDir(), 'merkle', file), 'utf8')) as T;
const vectors = read<Vectors>('rfc6962_vectors.json');
const derived = read<Derived>('derived_all_proofs_8_leaves.json');

const bytes = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex, 'hex'));
const hex = (value: Uint8Array): string => Buffer.from(value).toString('hex');

const store = new MemoryTreeNodeStore();
const tree = new MerkleTree(store);
for (const [i, leaf] of vectors.leafInputsHex.entries()) await tree.append(await hashLeaf(bytes(leaf)), i);

describe('transparency-dev/merkle RFC 6962 hasher vectors', () => {
  it.each(vectors.hasherVectors)('$desc', async (vector) => {
    const hash =
      vector.op === 'emptyRoot' ? await emptyRoot()
      : vector.op === 'hashLeaf' ? await hashLeaf(bytes(vector.inputHex ?? ''))
      : await hashChildren(bytes(vector.leftHex ?? ''), bytes(vector.rightHex ?? ''));
    expect(hex(hash)).toBe(vector.want);
  });
});

describe('the incremental tree over the 8 upstream leaves', () => {
  it('stores the upstream leaf hashes and perfect subtree hashes', async () => {
    expect(vectors.nodeHashes.levels[0]).toEqual(vectors.leafHashes);
    for (const [level, hashes] of vectors.nodeHashes.levels.entries()) {
      const keys = hashes.map((_, index) => ({ level, index }));
      const stored = await store.getNodes(keys);
      expect(keys.map((key) => hex(stored.get(`${key.level}:${key.index}`) ?? new Uint8Array()))).toEqual(hashes);
    }
  });

  const roots = vectors.rootHashesBySize.roots.map((root, size) => ({ root, size }));
  it.each(roots)('has the upstream root at size $size', async ({ root, size }) => {
    expect(hex(await tree.rootAt(size))).toBe(root);
  });
});

describe.each([
  ['upstream', vectors.inclusionProofs],
  ['derived', derived.inclusion],
])('%s inclusion proofs', (_, proofs) => {
  it.each(proofs)('leaf $leafIndex of $treeSize verifies and is regenerated', async (vector) => {
    await verifyInclusion(vector.leafIndex, vector.treeSize, bytes(vector.leafHash), vector.proof.map(bytes), bytes(vector.root));
    expect((await tree.inclusionProof(vector.leafIndex, vector.treeSize)).map(hex)).toEqual(vector.proof);
  });
});

describe.each([
  ['upstream', vectors.consistencyProofs],
  ['derived', derived.consistency],
])('%s consistency proofs', (_, proofs) => {
  it.each(proofs)('$size1 → $size2 verifies and is regenerated', async (vector) => {
    await verifyConsistency(vector.size1, vector.size2, bytes(vector.root1), bytes(vector.root2), vector.proof.map(bytes));
    expect((await tree.consistencyProof(vector.size1, vector.size2)).map(hex)).toEqual(vector.proof);
  });
});

it('has the counts the README lists', () => {
  expect([vectors.hasherVectors.length, vectors.rootHashesBySize.roots.length]).toEqual([4, 9]);
  expect([vectors.inclusionProofs.length, vectors.consistencyProofs.length]).toEqual([5, 5]);
  expect([derived.inclusion.length, derived.consistency.length]).toEqual([36, 28]);
});
