import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hmacSha256 } from '../../src/crypto/hmac-sha256.js';
import { conformanceDir } from './conformance-dir.js';

interface MacFile {
  numberOfTests: number;
  testGroups: Array<{
    keySize: number;
    tagSize: number;
    tests: Array<{ tcId: number; comment: string; key: string; msg: string; tag: string; result: string }>;
  }>;
}

const file: MacFile = JSON.parse(
  readFileSync(path.join(conformanceDir(), 'wycheproof/hmac_sha256_test.json'), 'utf8'),
);
const cases = file.testGroups.flatMap((group) =>
  group.tests.map((test) => ({ ...test, keySize: group.keySize, tagSize: group.tagSize })),
);

describe('Wycheproof HMAC-SHA256 through hmacSha256 (as blind indexes and MACs use it)', () => {
  it('has every case the README lists', () => {
    expect([cases.length, file.numberOfTests]).toEqual([174, 174]);
  });

  it.each(cases)('tcId $tcId ($result) $keySize-bit key, $tagSize-bit tag: $comment', (test) => {
    const digest = hmacSha256(Buffer.from(test.key, 'hex'), Buffer.from(test.msg, 'hex'));
    const matches = digest.subarray(0, test.tagSize / 8).equals(Buffer.from(test.tag, 'hex'));
    expect(matches).toBe(test.result === 'valid');
  });
});
