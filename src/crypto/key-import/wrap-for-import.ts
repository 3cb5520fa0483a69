import { constants, createPublicKey, publicEncrypt } from 'node:crypto';
import { SealdeskError } from '../../errors/index.js';
import { IMPORTED_KEY_BYTES } from './key-import-algorithm.js';

/**
 * What a customer does, done with node:crypto: `key` (exactly 32 bytes) encrypted to the
 * published public key (SPKI PEM) with RSA-OAEP-256 and the import's `label`. For the CLI helper
 * and tests; Sealdesk itself only ever unwraps.
 */
export function wrapForImport(publicKeyPem: string, key: Uint8Array, label: Uint8Array): Buffer {
  if (key.length !== IMPORTED_KEY_BYTES) {
    throw new SealdeskError('invalid_request', { userMessage: `The key to import must be exactly ${IMPORTED_KEY_BYTES} bytes (an AES-256 key); this one is ${key.length}.` });
  }
  let publicKey;
  try {
    publicKey = createPublicKey({ key: publicKeyPem, format: 'pem' });
  } catch {
    throw new SealdeskError('invalid_request', { userMessage: 'The public key is not a PEM public key (SPKI, "-----BEGIN PUBLIC KEY-----").' });
  }
  if (publicKey.asymmetricKeyType !== 'rsa') throw new SealdeskError('invalid_request', { userMessage: 'The public key is not an RSA key.' });
  return publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: label }, key);
}
