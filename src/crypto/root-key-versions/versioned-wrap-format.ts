import { SealdeskError } from '../../errors/index.js';

/**
 * `'S' 'R' | format version 1`: a root wrap that names the root key version that made it. Only
 * versions made by a root key rotation write it; the installation's first root key writes its
 * provider's bytes as they are (`'S' 'K'…` or `'S' 'H'…`), so wraps from before any rotation
 * stay valid. The name needs no authentication of its own: every provider binds its key id into
 * its wrap's associated data, so a wrap renamed to another version fails to unwrap.
 */
const HEADER = Buffer.from([0x53, 0x52, 1]);

/** Key ids are short ASCII names (`root-…`, `pkcs11-…`); one length byte holds them. */
const MAX_KEY_ID_BYTES = 255;

/** `header (3) | key id length (1) | key id | the provider's wrap`. */
export function encodeVersionedWrap(keyId: string, wrapped: Uint8Array): Buffer {
  const id = Buffer.from(keyId, 'utf8');
  if (id.length === 0 || id.length > MAX_KEY_ID_BYTES) {
    throw new SealdeskError('internal', { detail: `a root key id must be 1–${MAX_KEY_ID_BYTES} bytes` });
  }
  return Buffer.concat([HEADER, Buffer.from([id.length]), id, wrapped]);
}

/**
 * Splits a root wrap into the key id it names and the provider's bytes; `keyId` is undefined for a
 * wrap without the header (the first root key's). Throws `key_unavailable` for a header whose
 * key id runs past the end or leaves no wrap behind it.
 */
export function decodeVersionedWrap(wrapped: Uint8Array): { keyId: string | undefined; inner: Buffer } {
  const bytes = Buffer.from(wrapped.buffer, wrapped.byteOffset, wrapped.byteLength);
  if (bytes.length < HEADER.length || !bytes.subarray(0, HEADER.length).equals(HEADER)) return { keyId: undefined, inner: bytes };
  const idStart = HEADER.length + 1;
  const idEnd = idStart + (bytes[HEADER.length] ?? 0);
  if (idEnd === idStart || bytes.length <= idEnd) {
    throw new SealdeskError('key_unavailable', { detail: 'wrapped key names a root key version but is malformed' });
  }
  return { keyId: bytes.subarray(idStart, idEnd).toString('utf8'), inner: bytes.subarray(idEnd) };
}
