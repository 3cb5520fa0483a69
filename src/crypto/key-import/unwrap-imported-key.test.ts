import { constants, publicEncrypt, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasOpenssl, opensslWrapForImport } from '../../../test/support/openssl-wrap.js';
import { generateKeyImportPair, type KeyImportPair } from './generate-key-import-pair.js';
import { keyImportLabel } from './key-import-algorithm.js';
import { unwrapImportedKey } from './unwrap-imported-key.js';
import { wrapForImport } from './wrap-for-import.js';

describe('BYOK wrapping (RSA-OAEP-256)', () => {
  let pair: KeyImportPair;
  let other: KeyImportPair;
  const label = keyImportLabel('ten_a', 'kit_1');

  beforeAll(async () => {
    [pair, other] = await Promise.all([generateKeyImportPair(), generateKeyImportPair()]);
  });

  it('opens what was wrapped to the public key with the same label, giving the 32 bytes back', () => {
    const key = randomBytes(32);
    const wrapped = wrapForImport(pair.publicKeyPem, key, label);
    expect(wrapped).toHaveLength(384);
    expect(unwrapImportedKey(pair.privateKeyDer, wrapped, label).equals(key)).toBe(true);
  });

  it('publishes an RSA-3072 SPKI key', () => {
    expect(pair.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(pair.privateKeyDer.length).toBeGreaterThan(1500);
  });

  const refusals: [string, () => { wrapped: Buffer; label: Buffer }][] = [
    ['another public key', () => ({ wrapped: wrapForImport(other.publicKeyPem, randomBytes(32), label), label })],
    ['another tenant', () => ({ wrapped: wrapForImport(pair.publicKeyPem, randomBytes(32), keyImportLabel('ten_b', 'kit_1')), label })],
    ['another import token', () => ({ wrapped: wrapForImport(pair.publicKeyPem, randomBytes(32), keyImportLabel('ten_a', 'kit_2')), label })],
    ['no label', () => ({ wrapped: publicEncrypt({ key: pair.publicKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, randomBytes(32)), label })],
    ['SHA-1 OAEP', () => ({ wrapped: publicEncrypt({ key: pair.publicKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1', oaepLabel: label }, randomBytes(32)), label })],
    ['PKCS#1 v1.5 padding', () => ({ wrapped: publicEncrypt({ key: pair.publicKeyPem, padding: constants.RSA_PKCS1_PADDING }, randomBytes(32)), label })],
    ['31 bytes wrapped', () => ({ wrapped: oaep(pair, randomBytes(31), label), label })],
    ['33 bytes wrapped', () => ({ wrapped: oaep(pair, randomBytes(33), label), label })],
    ['an empty key wrapped', () => ({ wrapped: oaep(pair, Buffer.alloc(0), label), label })],
    ['a truncated blob', () => ({ wrapped: wrapForImport(pair.publicKeyPem, randomBytes(32), label).subarray(0, -1), label })],
    ['an empty blob', () => ({ wrapped: Buffer.alloc(0), label })],
    ['random bytes', () => ({ wrapped: randomBytes(384), label })],
  ];

  it.each(refusals)('refuses %s with invalid_key_import and one message', (_name, make) => {
    const { wrapped, label: used } = make();
    expect(() => unwrapImportedKey(pair.privateKeyDer, wrapped, used)).toThrow(expect.objectContaining({ code: 'invalid_key_import', userMessage: expect.stringMatching(/^The wrapping did not open/) }));
  });

  it('refuses a blob with any one bit flipped', () => {
    const wrapped = wrapForImport(pair.publicKeyPem, randomBytes(32), label);
    for (let trial = 0; trial < 24; trial++) {
      const tampered = Buffer.from(wrapped);
      const bit = (trial * 127) % (tampered.length * 8);
      tampered[bit >> 3] = (tampered[bit >> 3] ?? 0) ^ (1 << (bit & 7));
      expect(() => unwrapImportedKey(pair.privateKeyDer, tampered, label), `bit ${bit}`).toThrow(expect.objectContaining({ code: 'invalid_key_import' }));
    }
  });

  it('refuses to wrap anything but 32 bytes, and a key that is not RSA', () => {
    expect(() => wrapForImport(pair.publicKeyPem, randomBytes(16), label)).toThrow(expect.objectContaining({ code: 'invalid_request' }));
    expect(() => wrapForImport('not a key', randomBytes(32), label)).toThrow(expect.objectContaining({ code: 'invalid_request' }));
  });

  it.skipIf(!hasOpenssl)('opens a key wrapped by the documented openssl pkeyutl recipe', async () => {
    const { key, wrapped } = await opensslWrapForImport(pair.publicKeyPem, label.toString('hex'));
    expect(unwrapImportedKey(pair.privateKeyDer, wrapped, label).equals(key)).toBe(true);
  });
});

function oaep(pair: KeyImportPair, data: Buffer, label: Buffer): Buffer {
  return publicEncrypt({ key: pair.publicKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: label }, data);
}
