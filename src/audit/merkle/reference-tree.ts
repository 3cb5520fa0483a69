import { emptyRoot, hashChildren } from './hasher.js';

// A deliberately naive, recursive transcription of RFC 9162, used by tests to check the
// incremental tree. It works on leaf hashes (leaf hashing already applied) and is O(n) per call.

/** RFC 9162 §2.1.1: k, the largest power of two smaller than n (n > 1). */
function split(n: number): number {
  let k = 1;
  while (2 * k < n) k *= 2;
  return k;
}

/** MTH(D[n]), RFC 9162 §2.1.1. */
export async function referenceRoot(leaves: readonly Uint8Array[]): Promise<Uint8Array> {
  if (leaves.length === 0) return emptyRoot();
  if (leaves.length === 1) return leaves[0] as Uint8Array;
  const k = split(leaves.length);
  return hashChildren(await referenceRoot(leaves.slice(0, k)), await referenceRoot(leaves.slice(k)));
}

/** PATH(m, D[n]), RFC 9162 §2.1.3.1: the inclusion proof of leaf m. */
export async function referencePath(m: number, leaves: readonly Uint8Array[]): Promise<Uint8Array[]> {
  if (leaves.length <= 1) return [];
  const k = split(leaves.length);
  if (m < k) return [...(await referencePath(m, leaves.slice(0, k))), await referenceRoot(leaves.slice(k))];
  return [...(await referencePath(m - k, leaves.slice(k))), await referenceRoot(leaves.slice(0, k))];
}

/** PROOF(m, D[n]) = SUBPROOF(m, D[n], true), RFC 9162 §2.1.4.1: the consistency proof m → n. */
export function referenceProof(m: number, leaves: readonly Uint8Array[]): Promise<Uint8Array[]> {
  return subproof(m, leaves, true);
}

async function subproof(m: number, leaves: readonly Uint8Array[], b: boolean): Promise<Uint8Array[]> {
  if (m === leaves.length) return b ? [] : [await referenceRoot(leaves)];
  const k = split(leaves.length);
  if (m <= k) return [...(await subproof(m, leaves.slice(0, k), b)), await referenceRoot(leaves.slice(k))];
  return [...(await subproof(m - k, leaves.slice(k), false)), await referenceRoot(leaves.slice(0, k))];
}
