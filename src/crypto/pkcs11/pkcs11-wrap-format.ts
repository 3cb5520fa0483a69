import { SealdeskError } from '../../errors/index.js';
import { lengthPrefixed } from '../length-prefixed.js';
import type { WrapContext } from '../root-key-provider.js';

/**
 * `'S' 'H' | format version 1 | mechanism 1`: a key wrapped on a PKCS#11 token with CKM_AES_GCM
 * (PKCS#11 v2.40 §2.10.4; NIST SP 800-38D), a 96-bit IV and a 128-bit tag.
 */
export const PKCS11_WRAP_HEADER: Buffer = Buffer.from([0x53, 0x48, 1, 1]);
/** GCM IV length: 96 bits, the recommended size (SP 800-38D §5.2.1.1). */
export const PKCS11_WRAP_IV_BYTES = 12;
/** GCM tag length: the full 128 bits. */
export const PKCS11_WRAP_TAG_BYTES = 16;

/**
 * Associated data for a wrap: the header, then the root key id, scope and version,
 * length-prefixed, so a wrapped key moved to another scope, version or root key fails to
 * authenticate on the token.
 */
export function pkcs11WrapAad(keyId: string, context: WrapContext): Buffer {
  return Buffer.concat([
    PKCS11_WRAP_HEADER,
    lengthPrefixed(['sealdesk/root-wrap/pkcs11/v1', keyId, context.scope, String(context.version)]),
  ]);
}

/** `header (4) | IV (12) | ciphertext | tag (16)`; `sealed` is C_Encrypt's ciphertext ‖ tag. */
export function encodePkcs11Wrap(iv: Uint8Array, sealed: Uint8Array): Buffer {
  return Buffer.concat([PKCS11_WRAP_HEADER, iv, sealed]);
}

/**
 * Splits `encodePkcs11Wrap`'s output. Throws `key_unavailable` if the header is not this
 * format's or the bytes are too short to hold a non-empty ciphertext and a tag.
 */
export function decodePkcs11Wrap(wrapped: Uint8Array): { iv: Buffer; sealed: Buffer } {
  const bytes = Buffer.from(wrapped.buffer, wrapped.byteOffset, wrapped.byteLength);
  const ivEnd = PKCS11_WRAP_HEADER.length + PKCS11_WRAP_IV_BYTES;
  if (bytes.length <= ivEnd + PKCS11_WRAP_TAG_BYTES || !bytes.subarray(0, PKCS11_WRAP_HEADER.length).equals(PKCS11_WRAP_HEADER)) {
    throw new SealdeskError('key_unavailable', { detail: 'wrapped key is not in the PKCS#11 wrap format' });
  }
  return { iv: bytes.subarray(PKCS11_WRAP_HEADER.length, ivEnd), sealed: bytes.subarray(ivEnd) };
}
