import { constants, createPrivateKey, privateDecrypt } from 'node:crypto';
import { SealdeskError } from '../../errors/index.js';
import { IMPORTED_KEY_BYTES } from './key-import-algorithm.js';

/**
 * Opens a wrapped import with the installation's private key (PKCS#8 DER) and `label`: RSA-OAEP
 * with SHA-256 and MGF1-SHA-256 (RFC 8017 §7.1.2), and the result must be exactly 32 bytes.
 * Fails closed with `invalid_key_import` and one message for every way it can fail — another
 * public key, another label (tenant or token), any altered byte, a wrong length — so the answer
 * says nothing about why (no padding oracle, RFC 8017 §7.1.2 note). Zero the result after use.
 */
export function unwrapImportedKey(privateKeyDer: Uint8Array, wrapped: Uint8Array, label: Uint8Array): Buffer {
  let material: Buffer;
  try {
    const privateKey = createPrivateKey({ key: Buffer.from(privateKeyDer), format: 'der', type: 'pkcs8' });
    material = privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: label }, wrapped);
  } catch {
    throw didNotOpen();
  }
  if (material.length !== IMPORTED_KEY_BYTES) {
    material.fill(0);
    throw didNotOpen();
  }
  return material;
}

function didNotOpen(): SealdeskError {
  return new SealdeskError('invalid_key_import', {
    detail: 'the wrapped key did not open',
    userMessage: 'The wrapping did not open: wrap exactly 32 bytes with RSA-OAEP-256 to the public key and label of these import parameters.',
  });
}
