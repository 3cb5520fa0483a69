import { bytesEqual } from './bytes.js';
import { MerkleError } from './merkle-error.js';
import { nodeKeyId, type NodeKey, type TreeNode } from './node-key.js';
import type { TreeNodeStore } from './tree-node-store.js';

/** A {@link TreeNodeStore} in a Map, for tests and for building proofs over a log held in memory. */
export class MemoryTreeNodeStore implements TreeNodeStore {
  readonly #nodes = new Map<string, Uint8Array>();

  async getNodes(keys: readonly NodeKey[]): Promise<Map<string, Uint8Array>> {
    const found = new Map<string, Uint8Array>();
    for (const key of keys) {
      const hash = this.#nodes.get(nodeKeyId(key));
      if (hash !== undefined) found.set(nodeKeyId(key), hash.slice());
    }
    return found;
  }

  async putNodes(nodes: readonly TreeNode[]): Promise<void> {
    for (const { key, hash } of nodes) {
      const stored = this.#nodes.get(nodeKeyId(key));
      if (stored !== undefined && !bytesEqual(stored, hash)) {
        throw new MerkleError('node_conflict', `node ${nodeKeyId(key)} already holds a different hash`);
      }
    }
    for (const { key, hash } of nodes) this.#nodes.set(nodeKeyId(key), hash.slice());
  }
}
