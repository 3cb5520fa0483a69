import { createHmac } from 'node:crypto';

/** HMAC-SHA256 (RFC 2104) of `data` under `key`: 32 bytes. */
export function hmacSha256(key: Uint8Array, data: Uint8Array): Buffer {
  return createHmac('sha256', key).update(data).digest();
}
