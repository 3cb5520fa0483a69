import { describe, expect, it } from 'vitest';
import { hashLeaf, MerkleError, verifyInclusion, type MerkleErrorReason } from './index.js';
import { referencePath, referenceRoot } from './reference-tree.js';

const leaves = await Promise.all(Array.from({ length: 7 }, (_, i) => hashLeaf(Uint8Array.of(i))));
const root = await referenceRoot(leaves);
const proofOf3 = await referencePath(3, leaves);

function flipBit(bytes: Uint8Array): Uint8Array {
  const copy = bytes.slice();
  copy[0] = (copy[0] as number) ^ 1;
  return copy;
}

async function reasonOf(promise: Promise<void>): Promise<MerkleErrorReason> {
  const error: unknown = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof MerkleError)) throw new Error('expected a MerkleError');
  return error.reason;
}

describe('verifyInclusion', () => {
  it('accepts the proof of every leaf of a 7-leaf tree', async () => {
    for (let i = 0; i < leaves.length; i++) {
      await expect(verifyInclusion(i, 7, leaves[i]!, await referencePath(i, leaves), root)).resolves.toBeUndefined();
    }
  });

  it('accepts a single-leaf tree with an empty proof', async () => {
    await expect(verifyInclusion(0, 1, leaves[0]!, [], leaves[0]!)).resolves.toBeUndefined();
  });

  it.each<[string, () => Promise<void>, MerkleErrorReason]>([
    ['a different leaf', () => verifyInclusion(3, 7, leaves[4]!, proofOf3, root), 'root_mismatch'],
    ['a flipped bit in the proof', () => verifyInclusion(3, 7, leaves[3]!, proofOf3.map(flipBit), root), 'root_mismatch'],
    ['a wrong root', () => verifyInclusion(3, 7, leaves[3]!, proofOf3, flipBit(root)), 'root_mismatch'],
    ['the wrong index', () => verifyInclusion(2, 7, leaves[3]!, proofOf3, root), 'root_mismatch'],
    ['an extra proof element', () => verifyInclusion(3, 7, leaves[3]!, [...proofOf3, root], root), 'wrong_proof_length'],
    ['a missing proof element', () => verifyInclusion(3, 7, leaves[3]!, proofOf3.slice(0, -1), root), 'wrong_proof_length'],
    ['index equal to size', () => verifyInclusion(7, 7, leaves[3]!, proofOf3, root), 'index_out_of_range'],
    ['a negative index', () => verifyInclusion(-1, 7, leaves[3]!, proofOf3, root), 'invalid_size'],
    ['a fractional size', () => verifyInclusion(3, 7.5, leaves[3]!, proofOf3, root), 'invalid_size'],
    ['a 31-byte leaf hash', () => verifyInclusion(3, 7, leaves[3]!.subarray(1), proofOf3, root), 'bad_hash_size'],
    ['an empty root', () => verifyInclusion(3, 7, leaves[3]!, proofOf3, new Uint8Array(0)), 'bad_hash_size'],
    ['a 33-byte proof element', () => verifyInclusion(3, 7, leaves[3]!, [new Uint8Array(33)], root), 'bad_hash_size'],
  ])('rejects %s', async (_, attempt, reason) => {
    expect(await reasonOf(attempt())).toBe(reason);
  });
});
