import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../common/index.js';
import { type Binding, FakeRootKeyProvider, KeyRing, MemoryWrappedKeyStore } from './index.js';
import { systemJustification } from './unwrap-justification.js';

const J = systemJustification('test', 'test');
const note: Binding = { tenant: 'ten_a', table: 'kb_articles', column: 'body', row: 'kba_1' };
const jane: Binding = { tenant: 'ten_a', table: 'messages', column: 'body', row: 'msg_1', subject: 'ctc_jane' };

async function setup() {
  const store = new MemoryWrappedKeyStore();
  const vault = new MemoryWrappedKeyStore();
  const root = new FakeRootKeyProvider();
  const ring = new KeyRing({ root, store, clock: new ManualClock(), subjectKeys: vault });
  await ring.ensureScope('ten_a');
  return { ring, store, vault, root };
}

describe('KeyRing.importTenantKey (BYOK)', () => {
  it('stores the imported material as the next tenant key version, origin imported, wrapped by the root key', async () => {
    const { ring, store, root } = await setup();
    const material = randomBytes(32);
    expect(await ring.importTenantKey('ten_a', material, J)).toEqual({ tenant: 2, content: 2 });
    const stored = await store.get('ten_a', 'tenant', 'tenant', 2);
    expect(stored).toMatchObject({ origin: 'imported', parentVersion: 0 });
    expect(stored?.wrappedKey.includes(material), 'never stored in the clear').toBe(false);
    expect((await root.unwrap(stored?.wrappedKey ?? Buffer.alloc(0), { scope: 'ten_a', version: 2 })).equals(material)).toBe(true);
    expect(await store.get('ten_a', 'data', 'content', 2)).toMatchObject({ parentVersion: 2 });
    expect((await store.get('ten_a', 'tenant', 'tenant', 1))?.origin ?? 'generated').toBe('generated');
  });

  it('keeps data sealed before opening, seals new data under it, and re-wraps every data key under it', async () => {
    const { ring, store, vault } = await setup();
    const before = await ring.seal('before', note, J);
    const beforeJane = await ring.seal('jane before', jane, J);
    await ring.importTenantKey('ten_a', randomBytes(32), J);
    const after = await ring.seal('after', note, J);
    expect((await ring.rewrapDataKeys('ten_a', undefined, 100, J)).next).toBeUndefined();
    expect((await store.list('ten_a', 'data', undefined, 100)).map((key) => key.parentVersion)).toEqual([2, 2, 2, 2]);
    expect((await vault.list('ten_a', 'data', undefined, 100)).map((key) => key.parentVersion), 'subject keys keep their parent').toEqual([1]);
    ring.clearCache();
    expect(await ring.openText(before, note, J)).toBe('before');
    expect(await ring.openText(beforeJane, jane, J)).toBe('jane before');
    expect(await ring.openText(after, note, J)).toBe('after');
  });

  it('refuses material that is not 32 bytes, changing nothing', async () => {
    const { ring } = await setup();
    await expect(ring.importTenantKey('ten_a', randomBytes(16), J)).rejects.toMatchObject({ code: 'invalid_key_import' });
    expect(await ring.versions('ten_a')).toEqual({ tenant: 1, content: 1 });
  });

  it('copies the material: zeroing the caller’s buffer afterwards changes nothing', async () => {
    const { ring } = await setup();
    const before = await ring.seal('x', note, J);
    const material = randomBytes(32);
    await ring.importTenantKey('ten_a', material, J);
    material.fill(0);
    const after = await ring.seal('y', note, J);
    expect(await ring.openText(after, note, J)).toBe('y');
    expect(await ring.openText(before, note, J)).toBe('x');
  });
});
