import { randomBytes } from 'node:crypto';
import { SealdeskError } from '../errors/index.js';
import { AEAD_NONCE_BYTES, AEAD_TAG_BYTES, aeadOpen, aeadSeal } from './aead.js';
import { keyMaterial, type SecretKey } from './secret-key.js';

/** `'S' 'K' | format version 1 | algorithm 1 (AES-256-GCM)`, authenticated with the context. */
const HEADER = Buffer.from([0x53, 0x4b, 1, 1]);
const OVERHEAD = HEADER.length + AEAD_NONCE_BYTES + AEAD_TAG_BYTES;

/**
 * Wraps key bytes under `wrappingKey` with AES-256-GCM and a fresh nonce, binding `context` as
 * associated data. Output: `header (4) | nonce (12) | ciphertext | tag (16)`.
 */
export function wrapKey(wrappingKey: SecretKey, key: Uint8Array, context: Uint8Array): Buffer {
  const nonce = randomBytes(AEAD_NONCE_BYTES);
  const aad = Buffer.concat([HEADER, context]);
  const { ciphertext, tag } = aeadSeal(keyMaterial(wrappingKey), nonce, key, aad);
  return Buffer.concat([HEADER, nonce, ciphertext, tag]);
}

/**
 * Reverses `wrapKey`. Throws `key_unavailable` if the bytes are malformed or do not authenticate
 * under `wrappingKey` and `context` (wrong key, wrong context, or tampering).
 */
export function unwrapKey(wrappingKey: SecretKey, wrapped: Uint8Array, context: Uint8Array): Buffer {
  const bytes = Buffer.from(wrapped.buffer, wrapped.byteOffset, wrapped.byteLength);
  if (bytes.length <= OVERHEAD || !bytes.subarray(0, HEADER.length).equals(HEADER)) {
    throw new SealdeskError('key_unavailable', { detail: 'wrapped key is malformed' });
  }
  const nonce = bytes.subarray(HEADER.length, HEADER.length + AEAD_NONCE_BYTES);
  const ciphertext = bytes.subarray(HEADER.length + AEAD_NONCE_BYTES, bytes.length - AEAD_TAG_BYTES);
  const tag = bytes.subarray(bytes.length - AEAD_TAG_BYTES);
  try {
    return aeadOpen(keyMaterial(wrappingKey), nonce, ciphertext, tag, Buffer.concat([HEADER, context]));
  } catch (error) {
    throw new SealdeskError('key_unavailable', {
      detail: 'wrapped key does not authenticate (wrong wrapping key or context, or tampered)',
      cause: error,
    });
  }
}
