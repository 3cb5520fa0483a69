import type { LeafRange } from './leaf-range.js';
import { MerkleError } from './merkle-error.js';
import { assertSize, splitPoint } from './tree-math.js';

/**
 * PATH(index, D[size]) of RFC 9162 §2.1.3.1, unrolled: the ranges whose hashes are the
 * inclusion proof, leaf side first. At most one range is not a perfect subtree.
 * Requires 0 <= index < size, else throws a {@link MerkleError}.
 */
export function inclusionProofRanges(index: number, size: number): LeafRange[] {
  assertSize(index, 'leaf index');
  assertSize(size, 'tree size');
  if (index >= size) {
    throw new MerkleError('index_out_of_range', `leaf index ${index} is not below tree size ${size}`);
  }
  const ranges: LeafRange[] = [];
  let start = 0;
  let end = size;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (index < start + k) {
      ranges.push({ start: start + k, end });
      end = start + k;
    } else {
      ranges.push({ start, end: start + k });
      start += k;
    }
  }
  return ranges.reverse();
}

/**
 * PROOF(size1, D[size2]) = SUBPROOF(size1, D[size2], true) of RFC 9162 §2.1.4.1, unrolled: the
 * ranges whose hashes are the consistency proof, leaf side first. Requires 0 < size1 <= size2,
 * else throws a {@link MerkleError}.
 */
export function consistencyProofRanges(size1: number, size2: number): LeafRange[] {
  assertSize(size1, 'first tree size');
  assertSize(size2, 'second tree size');
  if (size1 === 0) throw new MerkleError('empty_first_tree', 'a consistency proof from the empty tree is refused');
  if (size2 < size1) throw new MerkleError('size_order', `second tree size ${size2} is below first ${size1}`);
  const ranges: LeafRange[] = [];
  let start = 0;
  let end = size2;
  let wholeOldTree = true; // SUBPROOF's b: size1 still names the whole old tree
  while (size1 !== end) {
    const k = splitPoint(end - start);
    if (size1 - start <= k) {
      ranges.push({ start: start + k, end });
      end = start + k;
    } else {
      ranges.push({ start, end: start + k });
      start += k;
      wholeOldTree = false;
    }
  }
  if (!wholeOldTree) ranges.push({ start, end });
  return ranges.reverse();
}
