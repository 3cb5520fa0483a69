import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyConsistency, verifyInclusion } from '../../src/audit/merkle/index.js';
import { conformanceDir } from './conformance-dir.js';

// transparency-dev/merkle golden proof data (Apache-2.0), see <conformanceDir>/merkle/README.md.
// Go writes an empty proof as null. Leaf indexes up to 2^64 − 1 arrive as unsafe JavaScript
// numbers and must be refused too.

interface Probe {
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}
interface InclusionProbe extends Probe {
  leafIdx: number;
  treeSize: number;
  root: string;
  leafHash: string;
}
interface ConsistencyProbe extends Probe {
  size1: number;
  size2: number;
  root1: string;
  root2: string;
}

function probes<T>(kind: 'inclusion' | 'consistency'): Array<T & { file: string }> {
  const root = path.join(conformanceDir(), 'merkle/testdata', kind);
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ ...(JSON.parse(readFileSync(path.join(root, file), 'utf8')) as T), file }));
}

const bytes = (base64: string): Uint8Array => new Uint8Array(Buffer.from(base64, 'base64'));
const rejected = (attempt: Promise<void>): Promise<boolean> => attempt.then(() => false, () => true);

const inclusion = probes<InclusionProbe>('inclusion');
const consistency = probes<ConsistencyProbe>('consistency');

describe('transparency-dev/merkle golden inclusion probes', () => {
  it('has the 98 probes the README lists, 6 of them valid', () => {
    expect([inclusion.length, inclusion.filter((probe) => !probe.wantErr).length]).toEqual([98, 6]);
  });

  it.each(inclusion)('$file: $desc (wantErr $wantErr)', async (probe) => {
    const proof = (probe.proof ?? []).map(bytes);
    const attempt = verifyInclusion(probe.leafIdx, probe.treeSize, bytes(probe.leafHash), proof, bytes(probe.root));
    expect(await rejected(attempt)).toBe(probe.wantErr);
  });
});

describe('transparency-dev/merkle golden consistency probes', () => {
  it('has the 98 probes the README lists, 6 of them valid', () => {
    expect([consistency.length, consistency.filter((probe) => !probe.wantErr).length]).toEqual([98, 6]);
  });

  it.each(consistency)('$file: $desc (wantErr $wantErr)', async (probe) => {
    const proof = (probe.proof ?? []).map(bytes);
    const attempt = verifyConsistency(probe.size1, probe.size2, bytes(probe.root1), bytes(probe.root2), proof);
    expect(await rejected(attempt)).toBe(probe.wantErr);
  });
});
