import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { aeadOpen, aeadSeal } from '../../src/crypto/aead.js';
import { conformanceDir } from './conformance-dir.js';

interface AeadCase {
  tcId: number;
  comment: string;
  key: string;
  iv: string;
  aad: string;
  msg: string;
  ct: string;
  tag: string;
  result: 'valid' | 'invalid' | 'acceptable';
}
interface AeadFile {
  numberOfTests: number;
  testGroups: Array<{ keySize: number; ivSize: number; tagSize: number; tests: AeadCase[] }>;
}

const file: AeadFile = JSON.parse(
  readFileSync(path.join(conformanceDir(), 'wycheproof/aes_gcm_test.json'), 'utf8'),
);
const cases = file.testGroups.flatMap((group) =>
  group.tests.map((test) => ({ ...test, keySize: group.keySize, ivSize: group.ivSize, tagSize: group.tagSize })),
);
const supported = cases.filter((test) => test.keySize === 256 && test.ivSize === 96 && test.tagSize === 128);
const unsupported = cases.filter((test) => !supported.includes(test));
const hex = (text: string) => Buffer.from(text, 'hex');
const failed = expect.objectContaining({ code: 'decryption_failed' });

describe('Wycheproof AES-GCM', () => {
  it('has every case the README lists, 66 of them AES-256 with 96-bit IVs', () => {
    expect([cases.length, file.numberOfTests, supported.length]).toEqual([316, 316, 66]);
  });

  describe('AES-256, 96-bit IV: aeadSeal/aeadOpen match the expected result', () => {
    it.each(supported)('tcId $tcId ($result) $comment', (test) => {
      const [key, iv, aad, msg, ct, tag] = [test.key, test.iv, test.aad, test.msg, test.ct, test.tag].map(hex);
      if (test.result === 'valid') {
        const sealed = aeadSeal(key!, iv!, msg!, aad!);
        expect(sealed.ciphertext.toString('hex')).toBe(test.ct);
        expect(sealed.tag.toString('hex')).toBe(test.tag);
        expect(aeadOpen(key!, iv!, ct!, tag!, aad!).toString('hex')).toBe(test.msg);
      } else {
        expect(() => aeadOpen(key!, iv!, ct!, tag!, aad!)).toThrow(failed);
      }
    });
  });

  describe('other key and IV sizes are rejected by our layer', () => {
    it.each(unsupported)('tcId $tcId: $keySize-bit key, $ivSize-bit IV', (test) => {
      const [key, iv, aad, msg, ct, tag] = [test.key, test.iv, test.aad, test.msg, test.ct, test.tag].map(hex);
      expect(() => aeadSeal(key!, iv!, msg!, aad!)).toThrow(failed);
      expect(() => aeadOpen(key!, iv!, ct!, tag!, aad!)).toThrow(failed);
    });
  });
});
