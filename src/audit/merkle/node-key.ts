import { MerkleError } from './merkle-error.js';

/**
 * A perfect subtree: (level, index) covers leaves [index·2^level, (index+1)·2^level). Level 0
 * is a leaf hash. Perfect subtrees never change once complete, so they can be stored forever.
 */
export interface NodeKey {
  readonly level: number;
  readonly index: number;
}

/** A perfect subtree and its hash, as the tree stores it. */
export interface TreeNode {
  readonly key: NodeKey;
  readonly hash: Uint8Array;
}

/** The map key a {@link TreeNodeStore} uses for a node: `"level:index"`. */
export function nodeKeyId(key: NodeKey): string {
  return `${key.level}:${key.index}`;
}

/** @internal Reads a node fetched from a store, failing closed with `missing_node`. */
export function lookupNode(nodes: ReadonlyMap<string, Uint8Array>, key: NodeKey): Uint8Array {
  const hash = nodes.get(nodeKeyId(key));
  if (hash === undefined) throw new MerkleError('missing_node', `the store has no node ${nodeKeyId(key)}`);
  return hash;
}
