import { assertHash, emptyRoot, hashChildren } from './hasher.js';

/**
 * MTH over leaf hashes in order (RFC 9162 §2.1.1), iteratively: a stack of perfect subtree roots
 * merged as each leaf arrives, then folded right to left. O(n) hashes, O(log n) memory beyond the input.
 */
export async function computeRoot(leafHashes: readonly Uint8Array[]): Promise<Uint8Array> {
  if (leafHashes.length === 0) return emptyRoot();
  const stack: { hash: Uint8Array; size: number }[] = [];
  for (const leafHash of leafHashes) {
    assertHash(leafHash, 'leaf hash');
    let node = { hash: leafHash, size: 1 };
    while (stack.length > 0 && stack[stack.length - 1]!.size === node.size) {
      const left = stack.pop()!;
      node = { hash: await hashChildren(left.hash, node.hash), size: left.size * 2 };
    }
    stack.push(node);
  }
  let root = stack.pop()!.hash;
  while (stack.length > 0) root = await hashChildren(stack.pop()!.hash, root);
  return root;
}
