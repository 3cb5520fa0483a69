import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyEd25519 } from '../../src/audit/checkpoint/index.js';
import { conformanceDir } from './conformance-dir.js';

// Wycheproof Ed25519 verification vectors (C2SP/wycheproof, Apache-2.0), through the browser-safe
// WebCrypto verify that checks signed-note checkpoints. See <conformanceDir>/wycheproof/README.md.

interface EddsaFile {
  numberOfTests: number;
  testGroups: Array<{
    publicKey: { pk: string };
    tests: Array<{ tcId: number; comment: string; msg: string; sig: string; result: 'valid' | 'invalid' | 'acceptable' }>;
  }>;
}

const file: EddsaFile = JSON.parse(readFileSync(path.join(conformanceDir(), 'wycheproof/ed25519_test.json'), 'utf8'));
const cases = file.testGroups.flatMap((group) => group.tests.map((test) => ({ ...test, pk: group.publicKey.pk })));
const bytes = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex, 'hex'));

describe('Wycheproof Ed25519 through verifyEd25519 (checkpoint signatures)', () => {
  it('has every case the README lists and no "acceptable" ones', () => {
    expect([cases.length, file.numberOfTests]).toEqual([151, 151]);
    expect(cases.filter((test) => test.result === 'acceptable')).toEqual([]);
  });

  it.each(cases)('tcId $tcId ($result): $comment', async (test) => {
    expect(await verifyEd25519(bytes(test.pk), bytes(test.msg), bytes(test.sig))).toBe(test.result === 'valid');
  });
});
