import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aeadOpen, aeadSeal } from './aead.js';

const failed = expect.objectContaining({ code: 'decryption_failed' });
const key = randomBytes(32);
const nonce = randomBytes(12);
const aad = Buffer.from('where it belongs');

describe('aeadSeal and aeadOpen', () => {
  it('round-trips plaintext with its associated data', () => {
    const { ciphertext, tag } = aeadSeal(key, nonce, Buffer.from('hello'), aad);
    expect(aeadOpen(key, nonce, ciphertext, tag, aad).toString()).toBe('hello');
  });

  it.each([16, 24, 31, 33])('rejects a %i-byte key', (size) => {
    expect(() => aeadSeal(randomBytes(size), nonce, Buffer.alloc(1), aad)).toThrow(failed);
    expect(() => aeadOpen(randomBytes(size), nonce, Buffer.alloc(1), randomBytes(16), aad)).toThrow(failed);
  });

  it.each([0, 8, 11, 13, 16])('rejects a %i-byte nonce', (size) => {
    expect(() => aeadSeal(key, randomBytes(size), Buffer.alloc(1), aad)).toThrow(failed);
    expect(() => aeadOpen(key, randomBytes(size), Buffer.alloc(1), randomBytes(16), aad)).toThrow(failed);
  });

  it.each([0, 4, 12, 15, 17])('rejects a %i-byte tag', (size) => {
    const { ciphertext, tag } = aeadSeal(key, nonce, Buffer.from('hello'), aad);
    expect(() => aeadOpen(key, nonce, ciphertext, Buffer.concat([tag, tag]).subarray(0, size), aad)).toThrow(failed);
  });

  it('fails closed on other associated data, ciphertext or key', () => {
    const { ciphertext, tag } = aeadSeal(key, nonce, Buffer.from('hello'), aad);
    expect(() => aeadOpen(key, nonce, ciphertext, tag, Buffer.from('elsewhere'))).toThrow(failed);
    const flipped = Buffer.from(ciphertext);
    flipped[0] = flipped[0]! ^ 0x01;
    expect(() => aeadOpen(key, nonce, flipped, tag, aad)).toThrow(failed);
    expect(() => aeadOpen(randomBytes(32), nonce, ciphertext, tag, aad)).toThrow(failed);
  });
});
