import { bytesEqual } from './bytes.js';
import { assertHash, hashChildren } from './hasher.js';
import { MerkleError } from './merkle-error.js';
import { assertSize, half, isOdd, isPowerOfTwo } from './tree-math.js';

/**
 * Checks that the tree of `size1` leaves with root `root1` is a prefix of the tree of `size2`
 * leaves with root `root2`, by the algorithm of RFC 9162 §2.1.4.2. Requires 0 < size1 <= size2
 * (a proof from the empty tree proves nothing and is refused) and 32-byte hashes. Equal sizes
 * need an empty proof and byte-equal roots, whose length is not checked there (as in
 * transparency-dev/merkle's golden data). Resolves when the proof holds; otherwise rejects with
 * a {@link MerkleError} (fails closed).
 */
export async function verifyConsistency(
  size1: number,
  size2: number,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: readonly Uint8Array[],
): Promise<void> {
  assertSize(size1, 'first tree size');
  assertSize(size2, 'second tree size');
  if (size1 === 0) throw new MerkleError('empty_first_tree', 'a consistency proof from the empty tree is refused');
  if (size2 < size1) throw new MerkleError('size_order', `second tree size ${size2} is below first ${size1}`);
  if (size1 === size2) {
    if (proof.length !== 0) throw new MerkleError('wrong_proof_length', 'equal sizes need an empty proof');
    if (!bytesEqual(root1, root2)) throw new MerkleError('root_mismatch', 'equal sizes but different roots');
    return;
  }
  assertHash(root1, 'first root');
  assertHash(root2, 'second root');
  proof.forEach((node, i) => assertHash(node, `proof element ${i}`));
  if (proof.length === 0) throw new MerkleError('wrong_proof_length', 'the consistency proof is empty');

  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0] as Uint8Array;
  let sr = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) throw new MerkleError('wrong_proof_length', `proof is longer than ${size1} → ${size2} needs`);
    if (isOdd(fn) || fn === sn) {
      fr = await hashChildren(c, fr);
      sr = await hashChildren(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = await hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) throw new MerkleError('wrong_proof_length', `proof is shorter than ${size1} → ${size2} needs`);
  if (!bytesEqual(fr, root1)) throw new MerkleError('root_mismatch', 'the proof does not lead to the first root');
  if (!bytesEqual(sr, root2)) throw new MerkleError('root_mismatch', 'the proof does not lead to the second root');
}
