import type { NodeKey, TreeNode } from './node-key.js';

/**
 * The storage port of {@link MerkleTree}: a table of perfect subtree hashes keyed by (level,
 * index). Adapters must be append-only: `putNodes` must refuse to replace a stored node with a
 * different hash (rewriting an existing node with the same hash is allowed).
 */
export interface TreeNodeStore {
  /** The stored hashes of those of `keys` that exist, keyed by {@link nodeKeyId}. */
  getNodes(keys: readonly NodeKey[]): Promise<Map<string, Uint8Array>>;
  /** Stores nodes; all or none. */
  putNodes(nodes: readonly TreeNode[]): Promise<void>;
}
