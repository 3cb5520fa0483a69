import { describe, expect, it } from 'vitest';
import { hashLeaf, MerkleError, verifyConsistency, type MerkleErrorReason } from './index.js';
import { referenceProof, referenceRoot } from './reference-tree.js';

const leaves = await Promise.all(Array.from({ length: 9 }, (_, i) => hashLeaf(Uint8Array.of(i))));
const roots = await Promise.all(leaves.map((_, i) => referenceRoot(leaves.slice(0, i + 1))));
const rootAt = (size: number): Uint8Array => roots[size - 1]!;
const proof3to7 = await referenceProof(3, leaves.slice(0, 7));

function flipBit(bytes: Uint8Array): Uint8Array {
  const copy = bytes.slice();
  copy[31] = (copy[31] as number) ^ 0x80;
  return copy;
}

async function reasonOf(promise: Promise<void>): Promise<MerkleErrorReason> {
  const error: unknown = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof MerkleError)) throw new Error('expected a MerkleError');
  return error.reason;
}

describe('verifyConsistency', () => {
  it('accepts every proof between sizes 1..9', async () => {
    for (let m = 1; m <= 9; m++) {
      for (let n = m; n <= 9; n++) {
        const proof = await referenceProof(m, leaves.slice(0, n));
        await expect(verifyConsistency(m, n, rootAt(m), rootAt(n), proof)).resolves.toBeUndefined();
      }
    }
  });

  it.each<[string, () => Promise<void>, MerkleErrorReason]>([
    ['swapped roots', () => verifyConsistency(3, 7, rootAt(7), rootAt(3), proof3to7), 'root_mismatch'],
    ['a wrong old root', () => verifyConsistency(3, 7, rootAt(4), rootAt(7), proof3to7), 'root_mismatch'],
    ['a flipped bit in the proof', () => verifyConsistency(3, 7, rootAt(3), rootAt(7), proof3to7.map(flipBit)), 'root_mismatch'],
    ['a missing proof element', () => verifyConsistency(3, 7, rootAt(3), rootAt(7), proof3to7.slice(1)), 'wrong_proof_length'],
    ['an extra proof element', () => verifyConsistency(3, 7, rootAt(3), rootAt(7), [...proof3to7, leaves[0]!]), 'wrong_proof_length'],
    ['an empty proof between different sizes', () => verifyConsistency(3, 7, rootAt(3), rootAt(7), []), 'wrong_proof_length'],
    ['a proof for equal sizes', () => verifyConsistency(4, 4, rootAt(4), rootAt(4), [rootAt(1)]), 'wrong_proof_length'],
    ['equal sizes with different roots', () => verifyConsistency(4, 4, rootAt(4), rootAt(5), []), 'root_mismatch'],
    ['a shrinking tree', () => verifyConsistency(7, 3, rootAt(7), rootAt(3), proof3to7), 'size_order'],
    ['a proof from the empty tree', () => verifyConsistency(0, 0, rootAt(1), rootAt(1), []), 'empty_first_tree'],
    ['a short root', () => verifyConsistency(3, 7, rootAt(3).subarray(0, 31), rootAt(7), proof3to7), 'bad_hash_size'],
    ['a size beyond 2^53', () => verifyConsistency(3, 2 ** 53, rootAt(3), rootAt(7), proof3to7), 'invalid_size'],
  ])('rejects %s', async (_, attempt, reason) => {
    expect(await reasonOf(attempt())).toBe(reason);
  });
});
