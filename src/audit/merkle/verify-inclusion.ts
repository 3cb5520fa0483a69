import { bytesEqual } from './bytes.js';
import { assertHash, hashChildren } from './hasher.js';
import { MerkleError } from './merkle-error.js';
import { assertSize, half, isOdd } from './tree-math.js';

/**
 * Checks that `leafHash` is leaf number `leafIndex` of the tree of `treeSize` leaves whose root is
 * `root`, by the algorithm of RFC 9162 §2.1.3.2. Requires 0 <= leafIndex < treeSize; every hash
 * must be 32 bytes. Resolves when the proof holds; otherwise rejects with a {@link MerkleError}
 * (fails closed: there is no "unknown" outcome).
 */
export async function verifyInclusion(
  leafIndex: number,
  treeSize: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): Promise<void> {
  assertSize(leafIndex, 'leaf index');
  assertSize(treeSize, 'tree size');
  if (leafIndex >= treeSize) {
    throw new MerkleError('index_out_of_range', `leaf index ${leafIndex} is not below tree size ${treeSize}`);
  }
  assertHash(leafHash, 'leaf hash');
  assertHash(root, 'root');
  proof.forEach((node, i) => assertHash(node, `proof element ${i}`));

  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) throw new MerkleError('wrong_proof_length', `proof is longer than a tree of size ${treeSize} needs`);
    if (isOdd(fn) || fn === sn) {
      r = await hashChildren(p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = await hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) throw new MerkleError('wrong_proof_length', `proof is shorter than a tree of size ${treeSize} needs`);
  if (!bytesEqual(r, root)) throw new MerkleError('root_mismatch', 'the inclusion proof does not lead to the root');
}
