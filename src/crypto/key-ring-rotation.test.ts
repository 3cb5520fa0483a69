import { describe, expect, it } from 'vitest';
import { ManualClock } from '../common/index.js';
import { decodeEnvelope } from './envelope.js';
import { type Binding, FakeRootKeyProvider, KeyRing, MemoryWrappedKeyStore } from './index.js';
import { systemJustification } from './unwrap-justification.js';

const J = systemJustification('test', 'test');
const note: Binding = { tenant: 'ten_a', table: 'kb_articles', column: 'body', row: 'kba_1' };
const jane: Binding = { tenant: 'ten_a', table: 'messages', column: 'body', row: 'msg_1', subject: 'ctc_jane' };

async function setup() {
  const store = new MemoryWrappedKeyStore();
  const vault = new MemoryWrappedKeyStore();
  const clock = new ManualClock();
  const root = new FakeRootKeyProvider();
  const ring = new KeyRing({ root, store, clock, subjectKeys: vault });
  await ring.ensureScope('ten_a');
  return { ring, store, vault, clock, root };
}

const versionOf = (envelope: Buffer) => decodeEnvelope(envelope).keyVersion;

describe('KeyRing rotation', () => {
  it('seals new writes under the new content and subject key versions at once; old envelopes still open', async () => {
    const { ring } = await setup();
    const oldNote = await ring.seal('old note', note, J);
    const oldMessage = await ring.seal('old message', jane, J);
    expect(await ring.rotate('ten_a', 'data', J)).toEqual({ tenant: 1, content: 2 });
    const newNote = await ring.seal('new note', note, J);
    const newMessage = await ring.seal('new message', jane, J);
    expect([versionOf(oldNote), versionOf(oldMessage), versionOf(newNote), versionOf(newMessage)]).toEqual([1, 1, 2, 2]);
    expect(await ring.openText(oldNote, note, J)).toBe('old note');
    expect(await ring.openText(oldMessage, jane, J)).toBe('old message');
    expect(await ring.openText(newMessage, jane, J)).toBe('new message');
  });

  it('reseals an old envelope under the latest version, and leaves a current one alone', async () => {
    const { ring } = await setup();
    const oldNote = await ring.seal('old note', note, J);
    const oldMessage = await ring.seal('old message', jane, J);
    await ring.rotate('ten_a', 'data', J);
    const resealedNote = await ring.reseal(oldNote, note, J);
    const resealedMessage = await ring.reseal(oldMessage, jane, J);
    expect(resealedNote && versionOf(resealedNote)).toBe(2);
    expect(resealedMessage && versionOf(resealedMessage)).toBe(2);
    expect(await ring.openText(resealedNote!, note, J)).toBe('old note');
    expect(await ring.openText(resealedMessage!, jane, J)).toBe('old message');
    expect(await ring.reseal(resealedNote!, note, J)).toBeUndefined();
    expect(await ring.reseal(resealedMessage!, jane, J)).toBeUndefined();
  });

  it('moves data sealed before subject keys existed onto the subject key', async () => {
    const { ring } = await setup();
    const { subject: _none, ...withoutSubject } = jane;
    const legacy = await ring.seal('legacy message', withoutSubject, J);
    const resealed = await ring.reseal(legacy, jane, J);
    expect(resealed && decodeEnvelope(resealed).keyId).toBe('subject');
    expect(await ring.openText(resealed!, jane, J)).toBe('legacy message');
  });

  it('after an erasure, neither the old nor the rotated subject key opens anything', async () => {
    const { ring } = await setup();
    const oldMessage = await ring.seal('old message', jane, J);
    await ring.rotate('ten_a', 'data', J);
    const resealed = (await ring.reseal(oldMessage, jane, J))!;
    expect(await ring.destroySubjectKey('ten_a', 'ctc_jane', J)).toBe(2);
    await expect(ring.open(oldMessage, jane, J)).rejects.toMatchObject({ code: 'key_unavailable' });
    await expect(ring.open(resealed, jane, J)).rejects.toMatchObject({ code: 'key_unavailable' });
    await expect(ring.reseal(oldMessage, jane, J)).rejects.toMatchObject({ code: 'key_unavailable' });
  });

  it('a tenant rotation wraps every data key in the store under the new tenant key, not the vault’s subject keys; blind indexes and MACs stay the same', async () => {
    const { ring, store, vault } = await setup();
    const oldMessage = await ring.seal('old message', jane, J);
    const index = await ring.blindIndex('ten_a', 'contact.email', 'jane@example.com', J);
    const mac = await ring.mac('ten_a', 'widget', 'token', J);
    expect(await ring.rotate('ten_a', 'tenant', J)).toEqual({ tenant: 2, content: 2 });
    expect((await store.get('ten_a', 'data', 'content', 2))?.parentVersion).toBe(2);

    const keys = await ring.rewrapDataKeys('ten_a', undefined, 100, J);
    expect([keys.rewrapped, keys.next]).toEqual([3, undefined]);
    expect(new Set((await store.list('ten_a', 'data', undefined, 100)).map((r) => r.parentVersion))).toEqual(new Set([2]));
    expect((await vault.list('ten_a', 'data', undefined, 100)).map((r) => r.parentVersion), 'what a backup from before still opens').toEqual([1]);
    expect((await ring.rewrapDataKeys('ten_a', undefined, 100, J)).rewrapped).toBe(0);

    ring.clearCache();
    expect(await ring.openText(oldMessage, jane, J)).toBe('old message');
    expect(await ring.blindIndex('ten_a', 'contact.email', 'jane@example.com', J)).toBe(index);
    expect(await ring.verifyMac('ten_a', 'widget', 'token', mac, J)).toBe(true);
  });

  it('re-wraps in batches, going on from the cursor it returns', async () => {
    const { ring } = await setup();
    await ring.rotate('ten_a', 'tenant', J);
    const first = await ring.rewrapDataKeys('ten_a', undefined, 2, J);
    expect(first).toMatchObject({ scanned: 2, rewrapped: 2, next: { purpose: 'content', version: 1 } });
    const second = await ring.rewrapDataKeys('ten_a', first.next, 2, J);
    // content v2 is under the new tenant key already; tokens v1 is not.
    expect(second).toMatchObject({ scanned: 2, rewrapped: 1, next: { purpose: 'tokens', version: 1 } });
    expect(await ring.rewrapDataKeys('ten_a', second.next, 2, J)).toMatchObject({ scanned: 0, next: undefined });
  });

  it('another key ring on the same store sees a rotation once its choice of latest version expires', async () => {
    const { ring, store, vault, clock, root } = await setup();
    const other = new KeyRing({ root, store, clock, subjectKeys: vault, latestTtlMs: 1_000 });
    expect(versionOf(await other.seal('before', note, J))).toBe(1);
    await ring.rotate('ten_a', 'data', J);
    expect(versionOf(await other.seal('cached choice', note, J))).toBe(1);
    clock.advance(1_000);
    expect(versionOf(await other.seal('after', note, J))).toBe(2);
  });
});
