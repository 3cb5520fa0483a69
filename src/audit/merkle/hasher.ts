import { concatBytes } from './bytes.js';
import { MerkleError } from './merkle-error.js';

/** Length in bytes of every hash in the tree (SHA-256). */
export const HASH_SIZE = 32;

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/** SHA-256 through WebCrypto, so this module runs unchanged in a browser. */
export async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', data));
}

/** Leaf hash, RFC 9162 §2.1.1: SHA-256(0x00 ‖ data) over the entry's exact bytes. */
export function hashLeaf(data: Uint8Array): Promise<Uint8Array> {
  return sha256(concatBytes(LEAF_PREFIX, data));
}

/** Interior node hash, RFC 9162 §2.1.1: SHA-256(0x01 ‖ left ‖ right). */
export function hashChildren(left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  return sha256(concatBytes(NODE_PREFIX, left, right));
}

/** Root of the empty tree, RFC 9162 §2.1.1: SHA-256 of the empty string. */
export function emptyRoot(): Promise<Uint8Array> {
  return sha256(new Uint8Array(0));
}

/** @internal Fails closed with `bad_hash_size` unless `hash` is exactly 32 bytes. */
export function assertHash(hash: Uint8Array, what: string): void {
  if (hash.length !== HASH_SIZE) {
    throw new MerkleError('bad_hash_size', `${what} is ${hash.length} bytes, not ${HASH_SIZE}`);
  }
}
