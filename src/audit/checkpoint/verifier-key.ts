import { decodeBase64, encodeBase64 } from './base64.js';
import { CheckpointError } from './checkpoint-error.js';
import { ed25519KeyId } from './key-id.js';
import { isValidKeyName } from './note-syntax.js';

const ED25519_TYPE = 0x01;

/** A trusted Ed25519 note key: its name, its key ID and its 32-byte public key. */
export interface VerifierKey {
  readonly name: string;
  readonly keyId: number;
  readonly publicKey: Uint8Array;
}

/**
 * The verifier key string `<name>+<8 hex digits of key ID>+<base64(0x01 ‖ public key)>`, as
 * golang.org/x/mod/sumdb/note writes it for C2SP signed-note Ed25519 keys.
 */
export async function encodeVerifierKey(name: string, publicKey: Uint8Array): Promise<string> {
  if (!isValidKeyName(name)) {
    throw new CheckpointError('invalid_key_name', 'key names must be non-empty, without spaces, plus or controls');
  }
  if (publicKey.length !== 32) throw new CheckpointError('malformed_verifier_key', 'an Ed25519 public key is 32 bytes');
  const keyId = await ed25519KeyId(name, publicKey);
  return `${name}+${keyId.toString(16).padStart(8, '0')}+${encodeBase64(Uint8Array.of(ED25519_TYPE, ...publicKey))}`;
}

/** Parses a verifier key string strictly; fails closed unless the key ID matches the name and key. */
export async function parseVerifierKey(text: string): Promise<VerifierKey> {
  const refuse = (why: string) => new CheckpointError('malformed_verifier_key', `the verifier key ${why}`);
  const first = text.indexOf('+');
  const second = text.indexOf('+', first + 1);
  if (first < 0 || second < 0) throw refuse('is not <name>+<key ID>+<key>');
  const name = text.slice(0, first);
  const keyIdHex = text.slice(first + 1, second);
  const typedKey = decodeBase64(text.slice(second + 1));
  if (!isValidKeyName(name)) throw refuse('has an invalid name');
  if (!/^[0-9a-f]{8}$/.test(keyIdHex)) throw refuse('ID is not 8 lowercase hex digits');
  if (typedKey?.length !== 33 || typedKey[0] !== ED25519_TYPE) throw refuse('is not an Ed25519 key');
  const publicKey = typedKey.subarray(1);
  const keyId = await ed25519KeyId(name, publicKey);
  if (keyId !== Number.parseInt(keyIdHex, 16)) throw refuse('ID does not match its name and key');
  return { name, keyId, publicKey };
}
