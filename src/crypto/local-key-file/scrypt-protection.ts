import { randomBytes, scrypt } from 'node:crypto';
import { SealdeskError } from '../../errors/index.js';
import { AEAD_NONCE_BYTES, aeadOpen, aeadSeal } from '../aead.js';
import { type RootKeyFile, type RootKeyFileJson, SCRYPT_COST } from './root-key-file-format.js';

type ScryptFile = Extract<RootKeyFile, { protection: 'scrypt' }>;
type ScryptFileJson = Extract<RootKeyFileJson, { protection: 'scrypt' }>;
type Protection = Omit<ScryptFileJson, 'format' | 'version' | 'keyId' | 'protection'>;

/** Encrypts the root key under a key scrypt derives from `passphrase`, with `keyId` as AAD. */
export async function scryptProtect(rootKey: Uint8Array, keyId: string, passphrase: string): Promise<Protection> {
  const salt = randomBytes(16);
  const nonce = randomBytes(AEAD_NONCE_BYTES);
  const wrappingKey = await deriveKey(passphrase, salt, SCRYPT_COST);
  try {
    const { ciphertext, tag } = aeadSeal(wrappingKey, nonce, rootKey, Buffer.from(keyId, 'utf8'));
    const base64 = (buffer: Buffer) => buffer.toString('base64');
    return {
      kdf: { salt: base64(salt), ...SCRYPT_COST },
      nonce: base64(nonce),
      ciphertext: base64(ciphertext),
      tag: base64(tag),
    };
  } finally {
    wrappingKey.fill(0);
  }
}

/** Recovers the root key; a missing or wrong passphrase throws `key_unavailable`. */
export async function scryptUnprotect(file: ScryptFile, passphrase: string | undefined): Promise<Buffer> {
  const wrong = new SealdeskError('key_unavailable', { detail: 'root key passphrase missing or wrong' });
  if (passphrase === undefined) throw wrong;
  const wrappingKey = await deriveKey(passphrase, file.kdf.salt, file.kdf);
  try {
    return aeadOpen(wrappingKey, file.nonce, file.ciphertext, file.tag, Buffer.from(file.keyId, 'utf8'));
  } catch {
    throw wrong;
  } finally {
    wrappingKey.fill(0);
  }
}

function deriveKey(passphrase: string, salt: Uint8Array, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  const options = { ...cost, maxmem: 256 * cost.N * cost.r };
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), salt, 32, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}
