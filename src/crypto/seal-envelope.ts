import { randomBytes } from 'node:crypto';
import { AEAD_NONCE_BYTES, aeadSeal } from './aead.js';
import type { Binding } from './binding.js';
import { encodeEnvelope, encodeEnvelopeHeader } from './envelope.js';
import { envelopeAad } from './envelope-aad.js';
import { keyMaterial, type SecretKey } from './secret-key.js';

/**
 * Encrypts `plaintext` under `key` with a fresh random 96-bit nonce and returns the envelope,
 * which names `keyId` and `key.version` and is bound to `binding`.
 */
export function sealEnvelope(key: SecretKey, keyId: string, plaintext: Uint8Array, binding: Binding): Buffer {
  const header = encodeEnvelopeHeader(keyId, key.version);
  const nonce = randomBytes(AEAD_NONCE_BYTES);
  const { ciphertext, tag } = aeadSeal(keyMaterial(key), nonce, plaintext, envelopeAad(header, binding));
  return encodeEnvelope({ keyId, keyVersion: key.version, nonce, ciphertext, tag });
}
