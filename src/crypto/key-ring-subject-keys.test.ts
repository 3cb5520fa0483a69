import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../common/index.js';
import { decodeEnvelope } from './envelope.js';
import { type Binding, FakeRootKeyProvider, KeyRing, MemoryWrappedKeyStore } from './index.js';
import { systemJustification } from './unwrap-justification.js';

const J = systemJustification('test', 'test');
const jane: Binding = { tenant: 'ten_a', table: 'messages', column: 'body', row: 'msg_1', subject: 'ctc_jane' };
const bob: Binding = { ...jane, row: 'msg_2', subject: 'ctc_bob' };

async function setup() {
  const store = new MemoryWrappedKeyStore();
  const vault = new MemoryWrappedKeyStore();
  const ring = new KeyRing({ root: new FakeRootKeyProvider(), store, clock: new ManualClock(), subjectKeys: vault });
  await ring.ensureScope('ten_a');
  return { ring, store, vault };
}

describe('KeyRing subject keys', () => {
  it('seals to the subject under a key of its own, created in the vault on first use', async () => {
    const { ring, store, vault } = await setup();
    const envelope = await ring.seal('parcel 7781', jane, J);
    expect(decodeEnvelope(envelope).keyId).toBe('subject');
    expect(await ring.openText(envelope, jane, J)).toBe('parcel 7781');
    expect(await vault.latest('ten_a', 'data', 'subject/ctc_jane')).toBeDefined();
    expect(await store.latest('ten_a', 'data', 'subject/ctc_jane')).toBeUndefined();
  });

  it("does not open one subject's data as another's, nor without a subject", async () => {
    const { ring } = await setup();
    await ring.seal('x', bob, J);
    const envelope = await ring.seal('for Jane only', jane, J);
    await expect(ring.open(envelope, { ...jane, subject: 'ctc_bob' }, J)).rejects.toMatchObject({ code: 'decryption_failed' });
    const { subject: _none, ...withoutSubject } = jane;
    await expect(ring.open(envelope, withoutSubject, J)).rejects.toMatchObject({ code: 'decryption_failed' });
  });

  it('destroys a subject key everywhere, cached copies included; other subjects are untouched', async () => {
    const { ring } = await setup();
    const janes = await Promise.all(['a', 'b', 'c'].map((text, i) => ring.seal(text, { ...jane, row: `msg_j${i}` }, J)));
    const bobs = await ring.seal('bob', bob, J);
    expect(await ring.openText(janes[0]!, { ...jane, row: 'msg_j0' }, J)).toBe('a'); // now cached
    expect(await ring.destroySubjectKey('ten_a', 'ctc_jane', J)).toBe(1);
    for (const [i, envelope] of janes.entries()) {
      await expect(ring.open(envelope, { ...jane, row: `msg_j${i}` }, J)).rejects.toMatchObject({ code: 'key_unavailable' });
    }
    expect(await ring.openText(bobs, bob, J)).toBe('bob');
    expect(await ring.destroySubjectKey('ten_a', 'ctc_jane', J)).toBe(0);
  });

  it('a new message after erasure gets a new key, which the old data cannot use', async () => {
    const { ring } = await setup();
    const before = await ring.seal('before', jane, J);
    await ring.destroySubjectKey('ten_a', 'ctc_jane', J);
    const after = await ring.seal('after', jane, J);
    expect(await ring.openText(after, jane, J)).toBe('after');
    await expect(ring.open(before, jane, J)).rejects.toMatchObject({ code: 'decryption_failed' });
  });

  it('still opens data sealed to the tenant content key before subject keys existed', async () => {
    const { ring } = await setup();
    const { subject: _none, ...legacy } = jane;
    const envelope = await ring.seal('old message', legacy, J);
    expect(await ring.openText(envelope, jane, J)).toBe('old message');
  });

  it('round-trips any text for any subject id (property)', async () => {
    const { ring } = await setup();
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 30 }), fc.string(), async (subject, text) => {
        const binding = { ...jane, subject };
        expect(await ring.openText(await ring.seal(text, binding, J), binding, J)).toBe(text);
      }),
      { numRuns: 50 },
    );
  });

  it('refuses to seal to a subject without a vault', async () => {
    const ring = new KeyRing({ root: new FakeRootKeyProvider(), store: new MemoryWrappedKeyStore(), clock: new ManualClock() });
    await ring.ensureScope('ten_a');
    await expect(ring.seal('x', jane, J)).rejects.toMatchObject({ code: 'internal' });
  });
});
