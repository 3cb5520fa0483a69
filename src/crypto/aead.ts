import { createCipheriv, createDecipheriv } from 'node:crypto';
import { SealdeskError } from '../errors/index.js';

/** AES-256 key length in bytes. */
const AEAD_KEY_BYTES = 32;
/** GCM nonce length in bytes: 96 bits, the only size accepted (NIST SP 800-38D §5.2.1.1). */
export const AEAD_NONCE_BYTES = 12;
/** GCM tag length in bytes: the full 128 bits, never truncated. */
export const AEAD_TAG_BYTES = 16;

/**
 * Encrypts `plaintext` with AES-256-GCM, authenticating `aad` alongside it.
 * Requires a 32-byte key and a 12-byte nonce that is never reused with the same key; other sizes
 * throw `decryption_failed`.
 */
export function aeadSeal(
  key: Uint8Array,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array,
): { ciphertext: Buffer; tag: Buffer } {
  checkSizes(key, nonce);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: AEAD_TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { ciphertext, tag: cipher.getAuthTag() };
}

/**
 * Decrypts and authenticates an AES-256-GCM ciphertext. Fails closed: a wrong size, key, nonce,
 * tag, ciphertext or `aad` throws `decryption_failed` and no plaintext is returned.
 */
export function aeadOpen(
  key: Uint8Array,
  nonce: Uint8Array,
  ciphertext: Uint8Array,
  tag: Uint8Array,
  aad: Uint8Array,
): Buffer {
  checkSizes(key, nonce);
  if (tag.length !== AEAD_TAG_BYTES) throw failed('AES-256-GCM needs a 16-byte tag');
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: AEAD_TAG_BYTES });
  decipher.setAuthTag(tag);
  decipher.setAAD(aad);
  const unverified = decipher.update(ciphertext);
  try {
    decipher.final();
  } catch (error) {
    unverified.fill(0);
    throw failed('AES-256-GCM authentication failed', error);
  }
  return unverified;
}

function checkSizes(key: Uint8Array, nonce: Uint8Array): void {
  if (key.length !== AEAD_KEY_BYTES) throw failed('AES-256-GCM needs a 32-byte key');
  if (nonce.length !== AEAD_NONCE_BYTES) throw failed('AES-256-GCM needs a 12-byte nonce');
}

function failed(detail: string, cause?: unknown): SealdeskError {
  return new SealdeskError('decryption_failed', { detail, cause });
}
