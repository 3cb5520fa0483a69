/** Why a Merkle proof was rejected or a tree operation refused. A closed list; never holds log content. */
export type MerkleErrorReason =
  | 'invalid_size' // a size or index is not a non-negative safe integer
  | 'index_out_of_range' // leaf index >= tree size
  | 'size_order' // the second tree is smaller than the first
  | 'empty_first_tree' // a consistency proof from size 0, which proves nothing
  | 'bad_hash_size' // a leaf hash, root or proof element is not 32 bytes
  | 'wrong_proof_length' // the proof has too few or too many elements
  | 'root_mismatch' // the root recomputed from the proof is not the given root
  | 'missing_node' // the node store lacks a subtree the tree needs (size beyond the log?)
  | 'node_conflict'; // a store was asked to replace a subtree hash with a different one

/** The one error the merkle module throws on purpose; every check fails closed with it. */
export class MerkleError extends Error {
  readonly reason: MerkleErrorReason;

  constructor(reason: MerkleErrorReason, message: string) {
    super(message);
    this.name = 'MerkleError';
    this.reason = reason;
  }
}
