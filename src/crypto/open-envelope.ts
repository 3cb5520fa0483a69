import { aeadOpen } from './aead.js';
import type { Binding } from './binding.js';
import type { DecodedEnvelope } from './envelope.js';
import { envelopeAad } from './envelope-aad.js';
import { keyMaterial, type SecretKey } from './secret-key.js';

/**
 * Decrypts a decoded envelope with `key` (the key its header names). Throws `decryption_failed`
 * if the header, binding, nonce, ciphertext or tag differ from what was sealed.
 */
export function openEnvelope(key: SecretKey, envelope: DecodedEnvelope, binding: Binding): Buffer {
  const aad = envelopeAad(envelope.header, binding);
  return aeadOpen(keyMaterial(key), envelope.nonce, envelope.ciphertext, envelope.tag, aad);
}
