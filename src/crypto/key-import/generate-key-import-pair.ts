import { generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { KEY_IMPORT_MODULUS_BITS } from './key-import-algorithm.js';

/** A fresh import wrapping key pair; the private key as PKCS#8 DER, to be sealed (zero it after). */
export interface KeyImportPair {
  /** SPKI, PEM: what tenants wrap to. */
  readonly publicKeyPem: string;
  readonly privateKeyDer: Buffer;
}

/** Generates an RSA-3072 key pair (public exponent 65537) on libuv's thread pool. */
export async function generateKeyImportPair(): Promise<KeyImportPair> {
  const pair = await promisify(generateKeyPair)('rsa', { modulusLength: KEY_IMPORT_MODULUS_BITS, publicExponent: 0x10001 });
  const publicKey: KeyObject = pair.publicKey;
  const privateKey: KeyObject = pair.privateKey;
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyDer: privateKey.export({ type: 'pkcs8', format: 'der' }),
  };
}
