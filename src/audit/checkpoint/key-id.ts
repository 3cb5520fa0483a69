import { sha256 } from '../merkle/index.js';

const ED25519_TYPE = 0x01;

/**
 * Key ID of an Ed25519 note key, C2SP signed-note "Ed25519 signatures":
 * the first four bytes, big-endian, of SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ 32-byte public key).
 */
export async function ed25519KeyId(name: string, publicKey: Uint8Array): Promise<number> {
  const digest = await sha256(Uint8Array.of(...new TextEncoder().encode(name), 0x0a, ED25519_TYPE, ...publicKey));
  return new DataView(digest.buffer, digest.byteOffset).getUint32(0);
}
