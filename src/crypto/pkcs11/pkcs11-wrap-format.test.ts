import { describe, expect, it } from 'vitest';
import { decodePkcs11Wrap, encodePkcs11Wrap, PKCS11_WRAP_HEADER, pkcs11WrapAad } from './pkcs11-wrap-format.js';

const iv = Buffer.alloc(12, 7);
const sealed = Buffer.alloc(48, 9);

describe('PKCS#11 wrap format', () => {
  it('round-trips header | IV | ciphertext ‖ tag', () => {
    const bytes = encodePkcs11Wrap(iv, sealed);
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from('SH\x01\x01', 'latin1'));
    const decoded = decodePkcs11Wrap(bytes);
    expect(decoded.iv.equals(iv) && decoded.sealed.equals(sealed)).toBe(true);
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['a header and IV only', Buffer.concat([PKCS11_WRAP_HEADER, iv])],
    ['a tag but no ciphertext', Buffer.concat([PKCS11_WRAP_HEADER, iv, Buffer.alloc(16)])],
    ['another format', Buffer.concat([Buffer.from('SK\x01\x01', 'latin1'), iv, sealed])],
    ['another mechanism', Buffer.concat([Buffer.from('SH\x01\x02', 'latin1'), iv, sealed])],
  ])('refuses %s with key_unavailable', (_name, bytes) => {
    expect(() => decodePkcs11Wrap(bytes)).toThrow(expect.objectContaining({ code: 'key_unavailable' }));
  });

  it('binds the key id, scope and version unambiguously into the associated data', () => {
    const aads = [
      pkcs11WrapAad('pkcs11-01', { scope: 'ten_a', version: 1 }),
      pkcs11WrapAad('pkcs11-02', { scope: 'ten_a', version: 1 }),
      pkcs11WrapAad('pkcs11-01', { scope: 'ten_b', version: 1 }),
      pkcs11WrapAad('pkcs11-01', { scope: 'ten_a', version: 11 }),
      pkcs11WrapAad('pkcs11-01ten_a', { scope: '', version: 1 }),
    ];
    expect(new Set(aads.map((aad) => aad.toString('hex'))).size).toBe(aads.length);
    expect(aads.every((aad) => aad.subarray(0, 4).equals(PKCS11_WRAP_HEADER))).toBe(true);
  });
});
