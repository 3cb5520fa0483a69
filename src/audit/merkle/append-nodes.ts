import { hashChildren } from './hasher.js';
import { lookupNode, type NodeKey, type TreeNode } from './node-key.js';
import { half, isOdd } from './tree-math.js';

/**
 * The stored nodes an append needs: the left siblings of the perfect subtrees that leaf number
 * `sizeBefore` completes, one per trailing 1-bit of `sizeBefore`, lowest first.
 */
export function appendSiblingKeys(sizeBefore: number): NodeKey[] {
  const keys: NodeKey[] = [];
  for (let index = sizeBefore, level = 0; isOdd(index); index = half(index), level += 1) {
    keys.push({ level, index: index - 1 });
  }
  return keys;
}

/**
 * The nodes to store when `leafHash` becomes leaf number `sizeBefore`: the leaf itself and each
 * perfect subtree it completes (RFC 9162 §2.1.1 hashing), O(log n). `siblings` holds the nodes of
 * {@link appendSiblingKeys}.
 */
export async function appendNodes(
  leafHash: Uint8Array,
  sizeBefore: number,
  siblings: ReadonlyMap<string, Uint8Array>,
): Promise<TreeNode[]> {
  const nodes: TreeNode[] = [{ key: { level: 0, index: sizeBefore }, hash: leafHash }];
  let hash = leafHash;
  for (const sibling of appendSiblingKeys(sizeBefore)) {
    hash = await hashChildren(lookupNode(siblings, sibling), hash);
    nodes.push({ key: { level: sibling.level + 1, index: half(sibling.index) }, hash });
  }
  return nodes;
}
