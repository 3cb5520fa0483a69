import { describe, expect, it } from 'vitest';
import { CheckpointError, Ed25519NoteSigner, signNote, verifyNote, type CheckpointErrorReason } from './index.js';

// The example of golang.org/x/mod/sumdb/note (note.go and note_test.go, BSD-3-Clause).
const PETER_KEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_SEED = Buffer.from('AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz', 'base64').subarray(1);
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const SIGNATURE_LINE =
  '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const NOTE = `${TEXT}\n${SIGNATURE_LINE}`;

const { subtle } = globalThis.crypto;

async function peterSigner(): Promise<Ed25519NoteSigner> {
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), PETER_SEED]);
  const publicKey = Buffer.from(PETER_KEY.split('+')[2]!, 'base64').subarray(1);
  return Ed25519NoteSigner.create('PeterNeumann', {
    privateKey: await subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, false, ['sign']),
    publicKey: await subtle.importKey('raw', publicKey, { name: 'Ed25519' }, true, ['verify']),
  });
}

type KeyPair = Parameters<typeof Ed25519NoteSigner.create>[1];
const generatePair = async () => (await subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as KeyPair;
const freshSigner = async (name: string) => Ed25519NoteSigner.create(name, await generatePair());

async function reasonOf(promise: Promise<unknown>): Promise<CheckpointErrorReason> {
  const error: unknown = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof CheckpointError)) throw new Error('expected a CheckpointError');
  return error.reason;
}

describe('signed notes', () => {
  it('opens the Go sumdb/note example', async () => {
    expect(await verifyNote(NOTE, PETER_KEY)).toBe(TEXT);
  });

  it('signs the Go example byte for byte (Ed25519 is deterministic)', async () => {
    const signer = await peterSigner();
    expect(signer.verifierKey).toBe(PETER_KEY);
    expect(await signNote(TEXT, signer)).toBe(NOTE);
  });

  it('round-trips a note signed with a fresh non-extractable key', async () => {
    const signer = await freshSigner('sealdesk.example/audit');
    const text = 'sealdesk.example/audit\n3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n';
    expect(await verifyNote(await signNote(text, signer), signer.verifierKey)).toBe(text);
  });

  it('ignores signatures by unknown keys, before or after the trusted one', async () => {
    const other = await freshSigner('witness.example');
    const otherLine = (await signNote(TEXT, other)).slice(TEXT.length + 1);
    expect(await verifyNote(`${TEXT}\n${otherLine}${SIGNATURE_LINE}${otherLine}`, PETER_KEY)).toBe(TEXT);
  });

  it.each<[string, () => Promise<string>, CheckpointErrorReason]>([
    ['altered text', async () => NOTE.replace('cryptography', 'cryptographY'), 'invalid_signature'],
    ['a signature swapped in from another note', async () => {
      const other = await signNote('another text\n', await peterSigner());
      return `${TEXT}\n${other.slice(other.indexOf('—'))}`;
    }, 'invalid_signature'],
    ['another key with the same name', async () => signNote(TEXT, await freshSigner('PeterNeumann')), 'unverified_note'],
    ['no signature by the trusted key', async () => signNote(TEXT, await freshSigner('someone.else')), 'unverified_note'],
    ['a hyphen instead of the em dash', async () => NOTE.replace('—', '-'), 'malformed_note'],
    ['no blank line', async () => NOTE.replace('\n\n', '\n'), 'malformed_note'],
    ['no final newline', async () => NOTE.slice(0, -1), 'malformed_note'],
    ['a control character', async () => NOTE.replace('problem,', 'problem,\t'), 'malformed_note'],
    ['a signature that is not base64', async () => NOTE.replace('x08go', 'x08g!'), 'malformed_note'],
    ['a signature line without signature', async () => `${TEXT}\n— PeterNeumann\n`, 'malformed_note'],
    ['101 signature lines', async () => `${TEXT}\n${SIGNATURE_LINE.repeat(101)}`, 'malformed_note'],
  ])('rejects %s', async (_, note, reason) => {
    expect(await reasonOf(verifyNote(await note(), PETER_KEY))).toBe(reason);
  });

  it('refuses to sign text that does not end in a newline or holds control characters', async () => {
    const signer = await peterSigner();
    expect(await reasonOf(signNote('no newline', signer))).toBe('malformed_note');
    expect(await reasonOf(signNote('bell\x07\n', signer))).toBe('malformed_note');
  });

  it('refuses a key pair whose halves do not match, and an invalid key name', async () => {
    const [a, b] = [await generatePair(), await generatePair()];
    const mismatched = { privateKey: a.privateKey, publicKey: b.publicKey };
    expect(await reasonOf(Ed25519NoteSigner.create('log', mismatched))).toBe('invalid_signature');
    expect(await reasonOf(Ed25519NoteSigner.create('my log', a))).toBe('invalid_key_name');
  });
});
