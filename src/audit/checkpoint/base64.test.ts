import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from './index.js';

describe('base64', () => {
  it('agrees with Node on random bytes, both ways', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70 }), (bytes) => {
        const text = Buffer.from(bytes).toString('base64');
        expect(encodeBase64(bytes)).toBe(text);
        expect(decodeBase64(text)).toEqual(bytes);
      }),
    );
  });

  it.each([
    ['missing padding', 'QQ'],
    ['non-zero unused bits', 'QR=='],
    ['padding in the middle', 'QQ==QQ=='],
    ['too much padding', 'Q==='],
    ['URL-safe characters', 'a-_b'],
    ['whitespace', 'QUJD\nREVG'],
    ['only padding', '===='],
  ])('refuses %s', (_, text) => {
    expect(decodeBase64(text)).toBeUndefined();
  });
});
