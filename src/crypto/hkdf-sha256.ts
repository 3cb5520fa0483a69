import { hkdfSync } from 'node:crypto';

/**
 * HKDF-SHA256 (RFC 5869 §2): `length` bytes derived from `ikm`, `salt` and `info`.
 * Requires `length <= 8160` (255 × 32); node:crypto throws otherwise.
 */
export function hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Buffer {
  return Buffer.from(hkdfSync('sha256', ikm, salt, info, length));
}
