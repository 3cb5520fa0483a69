import { systemJustification } from './unwrap-justification.js';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../common/index.js';
import { decodeEnvelope } from './envelope.js';
import {
  type Binding,
  FakeRootKeyProvider,
  KeyRing,
  MemoryWrappedKeyStore,
  type WrappedKeyRecord,
  type WrappedKeyStore,
} from './index.js';

const TEST_JUSTIFICATION = systemJustification('test', 'test');

const failed = expect.objectContaining({ code: 'decryption_failed' });
const unavailable = expect.objectContaining({ code: 'key_unavailable' });
const inA: Binding = { tenant: 'ten_a', table: 'messages', column: 'body', row: 'msg_1' };

async function setup(store: WrappedKeyStore = new MemoryWrappedKeyStore()) {
  const root = new FakeRootKeyProvider();
  const ring = new KeyRing({ root, store, clock: new ManualClock() });
  await ring.ensureScope('ten_a');
  await ring.ensureScope('ten_b');
  return { root, store, ring };
}

describe('KeyRing sealing', () => {
  it('opens what it sealed, as bytes or text', async () => {
    const { ring } = await setup();
    expect(await ring.openText(await ring.seal('héllo', inA, TEST_JUSTIFICATION), inA, TEST_JUSTIFICATION)).toBe('héllo');
    const bytes = Buffer.from([0, 1, 2, 255]);
    expect((await ring.open(await ring.seal(bytes, inA, TEST_JUSTIFICATION), inA, TEST_JUSTIFICATION)).equals(bytes)).toBe(true);
  });

  it('names the content key and its version in the envelope', async () => {
    const { ring } = await setup();
    const envelope = decodeEnvelope(await ring.seal('x', inA, TEST_JUSTIFICATION));
    expect([envelope.keyId, envelope.keyVersion]).toEqual(['content', 1]);
  });

  it('opens across instances sharing the root and store', async () => {
    const { root, store, ring } = await setup();
    const envelope = await ring.seal('shared', inA, TEST_JUSTIFICATION);
    const other = new KeyRing({ root, store, clock: new ManualClock() });
    expect(await other.openText(envelope, inA, TEST_JUSTIFICATION)).toBe('shared');
  });

  it('keeps tenants apart: bytes copied to tenant B do not open', async () => {
    const { ring } = await setup();
    const envelope = await ring.seal('for A only', inA, TEST_JUSTIFICATION);
    await expect(ring.open(envelope, { ...inA, tenant: 'ten_b' }, TEST_JUSTIFICATION)).rejects.toThrow(failed);
  });

  it.each(['table', 'column', 'row'] as const)('fails when moved to another %s', async (field) => {
    const { ring } = await setup();
    const envelope = await ring.seal('pinned', inA, TEST_JUSTIFICATION);
    await expect(ring.open(envelope, { ...inA, [field]: 'elsewhere' }, TEST_JUSTIFICATION)).rejects.toThrow(failed);
  });

  it('fails on tampering and on an envelope naming another key', async () => {
    const { ring } = await setup();
    const envelope = await ring.seal('intact', inA, TEST_JUSTIFICATION);
    const tampered = Buffer.from(envelope);
    tampered[tampered.length - 1]! ^= 1;
    await expect(ring.open(tampered, inA, TEST_JUSTIFICATION)).rejects.toThrow(failed);
    const renamed = Buffer.from(envelope);
    renamed.write('CONTENT', 5, 'utf8');
    await expect(ring.open(renamed, inA, TEST_JUSTIFICATION)).rejects.toThrow(failed);
  });

  it('is key_unavailable for a scope without keys, or an unknown key version', async () => {
    const { ring } = await setup();
    await expect(ring.seal('x', { ...inA, tenant: 'ten_z' }, TEST_JUSTIFICATION)).rejects.toThrow(unavailable);
    const envelope = await ring.seal('x', inA, TEST_JUSTIFICATION);
    envelope.writeUInt32BE(2, 12);
    await expect(ring.open(envelope, inA, TEST_JUSTIFICATION)).rejects.toThrow(unavailable);
  });

  it('is key_unavailable under another root key or a revoked one', async () => {
    const { root, store, ring } = await setup();
    const envelope = await ring.seal('x', inA, TEST_JUSTIFICATION);
    const strangers = new KeyRing({ root: new FakeRootKeyProvider(), store, clock: new ManualClock() });
    await expect(strangers.open(envelope, inA, TEST_JUSTIFICATION)).rejects.toThrow(unavailable);
    root.revoke();
    ring.clearCache();
    await expect(ring.open(envelope, inA, TEST_JUSTIFICATION)).rejects.toThrow(unavailable);
    root.restore();
    expect(await ring.openText(envelope, inA, TEST_JUSTIFICATION)).toBe('x');
  });

  it.each([
    ['a data key of another purpose', { from: 'content', to: 'tokens' }, { from: 'ten_a', to: 'ten_a' }],
    ['a tenant key of another scope', { from: 'tenant', to: 'tenant' }, { from: 'ten_a', to: 'ten_b' }],
  ])('refuses %s handed back by the store', async (_name, purpose, scope) => {
    const memory = new MemoryWrappedKeyStore();
    const { root } = await setup(memory);
    const swap = (s: string, p: string) => (p === purpose.from && s === scope.from ? [scope.to, purpose.to] : [s, p]);
    const swapping: WrappedKeyStore = {
      latest: (s, kind, p) => memory.latest(swap(s, p)[0]!, kind, swap(s, p)[1]!),
      get: (s, kind, p, version) => memory.get(swap(s, p)[0]!, kind, swap(s, p)[1]!, version),
      insert: (record) => memory.insert(record),
      list: (...args) => memory.list(...args),
      rewrap: (...args) => memory.rewrap(...args),
      destroyScope: (scope) => memory.destroyScope(scope),
    };
    const ring = new KeyRing({ root, store: swapping, clock: new ManualClock() });
    await expect(ring.seal('x', inA, TEST_JUSTIFICATION)).rejects.toThrow(unavailable);
  });

  it('creates scope keys once, even when called concurrently', async () => {
    const records: WrappedKeyRecord[] = [];
    const memory = new MemoryWrappedKeyStore();
    const store: WrappedKeyStore = {
      latest: (...args) => memory.latest(...args),
      get: (...args) => memory.get(...args),
      insert: async (record) => {
        await memory.insert(record);
        records.push(record);
      },
      list: (...args) => memory.list(...args),
      rewrap: (...args) => memory.rewrap(...args),
      destroyScope: (scope) => memory.destroyScope(scope),
    };
    const root = new FakeRootKeyProvider();
    const rings = [1, 2, 3].map(() => new KeyRing({ root, store, clock: new ManualClock() }));
    await Promise.all(rings.flatMap((ring) => [ring.ensureScope('ten_c'), ring.ensureScope('ten_c')]));
    await rings[0]!.ensureScope('ten_c');
    expect(records.map((r) => `${r.kind}/${r.purpose}/v${r.version}<v${r.parentVersion}`).sort()).toEqual([
      'data/blind-index/v1<v1',
      'data/content/v1<v1',
      'data/tokens/v1<v1',
      'tenant/tenant/v1<v0',
    ]);
    const binding = { ...inA, tenant: 'ten_c' };
    expect(await rings[2]!.openText(await rings[1]!.seal('agreed', binding, TEST_JUSTIFICATION), binding, TEST_JUSTIFICATION)).toBe('agreed');
  });
});
