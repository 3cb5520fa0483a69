import { describe, expect, it } from 'vitest';
import { Ed25519NoteSigner, formatCheckpoint, signNote } from '../checkpoint/index.js';
import { hashLeaf, MemoryTreeNodeStore, MerkleTree } from '../merkle/index.js';
import { verifyLog, type LogCheckName, type VerifyLogInput } from './index.js';

const ORIGIN = 'sealdesk.example/audit/t_acme';
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const entryBytes = (i: number): Uint8Array => new TextEncoder().encode(JSON.stringify({ seq: i, action: 'content.read' }));

type KeyPair = Parameters<typeof Ed25519NoteSigner.create>[1];
async function signer(name = ORIGIN): Promise<Ed25519NoteSigner> {
  const pair = (await globalThis.crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as KeyPair;
  return Ed25519NoteSigner.create(name, pair);
}

/** A log of `size` entries (entry i made by `make(i)`) and what its server hands out. */
async function log(size: number, make = entryBytes) {
  const tree = new MerkleTree(new MemoryTreeNodeStore());
  for (let i = 0; i < size; i++) await tree.append(await hashLeaf(make(i)), i);
  return {
    checkpoint: async (at: number, by: Ed25519NoteSigner, origin = ORIGIN) =>
      signNote(formatCheckpoint({ origin, size: at, rootHash: await tree.rootAt(at) }), by),
    consistency: async (from: number, to: number) => (await tree.consistencyProof(from, to)).map(b64),
    entry: async (index: number, at: number) => ({
      index,
      leafBytes: b64(make(index)),
      inclusionProof: (await tree.inclusionProof(index, at)).map(b64),
    }),
  };
}

const key = await signer();
const acme = await log(12);
const valid: VerifyLogInput = {
  verifierKey: key.verifierKey,
  oldCheckpoint: await acme.checkpoint(5, key),
  newCheckpoint: await acme.checkpoint(12, key),
  consistencyProof: await acme.consistency(5, 12),
  entries: [await acme.entry(0, 12), await acme.entry(7, 12), await acme.entry(11, 12)],
};

const failed = (report: Awaited<ReturnType<typeof verifyLog>>): LogCheckName[] =>
  report.checks.filter((check) => !check.ok).map((check) => check.name);

describe('verifyLog', () => {
  it('passes every check of an honest log', async () => {
    const report = await verifyLog(valid);
    expect(report.ok).toBe(true);
    expect(report.checks.map((check) => check.name)).toEqual([
      'verifier_key', 'new_checkpoint', 'old_checkpoint', 'origin', 'size', 'consistency', 'inclusion', 'inclusion', 'inclusion',
    ]);
  });

  it('accepts raw bytes as well as base64', async () => {
    const entry = await acme.entry(3, 12);
    const inclusionProof = entry.inclusionProof.map((node) => new Uint8Array(Buffer.from(node, 'base64')));
    const raw = { ...entry, leafBytes: entryBytes(3), inclusionProof };
    expect((await verifyLog({ verifierKey: key.verifierKey, newCheckpoint: valid.newCheckpoint, entries: [raw] })).ok).toBe(true);
  });

  it('accepts an old checkpoint of the empty log without a proof', async () => {
    const report = await verifyLog({ ...valid, oldCheckpoint: await acme.checkpoint(0, key), consistencyProof: undefined });
    expect(report.ok).toBe(true);
  });

  it('accepts an unchanged log without a proof', async () => {
    expect((await verifyLog({ ...valid, oldCheckpoint: valid.newCheckpoint, consistencyProof: undefined })).ok).toBe(true);
  });

  it.each<[string, () => Promise<Partial<VerifyLogInput>>, LogCheckName[]]>([
    ['a malformed verifier key', async () => ({ verifierKey: key.verifierKey.replace('+', '-') }), ['verifier_key']],
    ['checkpoints signed by another key', async () => ({ verifierKey: (await signer()).verifierKey }), ['new_checkpoint']],
    ['an altered size', async () => ({ newCheckpoint: valid.newCheckpoint.replace('\n12\n', '\n13\n') }), ['new_checkpoint']],
    ['an old checkpoint by another key', async () => ({ oldCheckpoint: await acme.checkpoint(5, await signer()) }), ['old_checkpoint']],
    ['checkpoints of another log', async () => {
      const other = await signer('sealdesk.example/audit/t_other');
      return { verifierKey: other.verifierKey, newCheckpoint: await acme.checkpoint(12, other, ORIGIN), oldCheckpoint: undefined };
    }, ['origin']],
    ['a log that shrank', async () => ({ oldCheckpoint: valid.newCheckpoint, newCheckpoint: valid.oldCheckpoint, entries: [] }), ['size']],
    ['a missing consistency proof', async () => ({ consistencyProof: undefined }), ['consistency']],
    ['a consistency proof for other sizes', async () => ({ consistencyProof: await acme.consistency(6, 12) }), ['consistency']],
    ['a rewritten history', async () => {
      const forked = await log(12, (i) => (i === 2 ? new TextEncoder().encode('{"seq":2,"action":"hidden"}') : entryBytes(i)));
      return { oldCheckpoint: await forked.checkpoint(5, key) };
    }, ['consistency']],
    ['an altered entry', async () => ({ entries: [{ ...(await acme.entry(7, 12)), leafBytes: b64(entryBytes(8)) }] }), ['inclusion']],
    ['an entry under another index', async () => ({ entries: [{ ...(await acme.entry(7, 12)), index: 6 }] }), ['inclusion']],
    ['an entry beyond the checkpoint', async () => ({ entries: [{ ...(await acme.entry(7, 12)), index: 12 }] }), ['inclusion']],
    ['a proof not in base64', async () => ({ entries: [{ ...(await acme.entry(7, 12)), inclusionProof: ['%%%%'] }] }), ['inclusion']],
  ])('fails on %s', async (_, change, failures) => {
    const report = await verifyLog({ ...valid, ...(await change()) });
    expect(report.ok).toBe(false);
    expect(failed(report)).toEqual(failures);
  });

  it('names the entry whose proof failed', async () => {
    const altered = { ...(await acme.entry(9, 12)), leafBytes: 'e30=' };
    const report = await verifyLog({ ...valid, entries: [await acme.entry(1, 12), altered] });
    expect(report.checks.at(-1)).toMatchObject({ name: 'inclusion', ok: false, detail: expect.stringMatching(/^entry 9: /) });
  });

  it('checks a checkpoint against an explicit origin instead of the key name', async () => {
    const report = await verifyLog({ ...valid, origin: 'sealdesk.example/audit/t_other' });
    expect(failed(report)).toEqual(['origin']);
  });
});
