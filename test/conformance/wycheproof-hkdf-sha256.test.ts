import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hkdfSha256 } from '../../src/crypto/hkdf-sha256.js';
import { conformanceDir } from './conformance-dir.js';

interface HkdfFile {
  numberOfTests: number;
  testGroups: Array<{
    tests: Array<{ tcId: number; comment: string; ikm: string; salt: string; info: string; size: number; okm: string; result: string }>;
  }>;
}

const file: HkdfFile = JSON.parse(
  readFileSync(path.join(conformanceDir(), 'wycheproof/hkdf_sha256_test.json'), 'utf8'),
);
const cases = file.testGroups.flatMap((group) => group.tests);
const hex = (text: string) => Buffer.from(text, 'hex');

describe('Wycheproof HKDF-SHA256 through hkdfSha256 (as subkeys are derived)', () => {
  it('has every case the README lists', () => {
    expect([cases.length, file.numberOfTests]).toEqual([86, 86]);
  });

  it.each(cases)('tcId $tcId ($result) $size bytes: $comment', (test) => {
    const derive = () => hkdfSha256(hex(test.ikm), hex(test.salt), hex(test.info), test.size);
    if (test.result === 'valid') expect(derive().toString('hex')).toBe(test.okm);
    else expect(derive).toThrow();
  });
});
