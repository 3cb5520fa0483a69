import { describe, expect, it } from 'vitest';
import { ManualClock } from '../common/index.js';
import { type Binding, FakeRootKeyProvider, KEY_STATE_CACHE_MS, KeyRing, MemoryTenantKeyStateStore, MemoryWrappedKeyStore } from './index.js';
import { systemJustification } from './unwrap-justification.js';

const JUSTIFICATION = systemJustification('test', 'test');
const binding: Binding = { tenant: 'ten_a', table: 'messages', column: 'body', row: 'msg_1' };
const subjectBinding: Binding = { ...binding, subject: 'ctc_1' };
const destroyed = { code: 'key_destroyed' };

/** Two key rings over one store, vault and state store, as two processes of one installation. */
function installation() {
  const clock = new ManualClock();
  const store = new MemoryWrappedKeyStore();
  const vault = new MemoryWrappedKeyStore();
  const shared = { root: new FakeRootKeyProvider(), store, subjectKeys: vault, keyStates: new MemoryTenantKeyStateStore(), clock };
  return { clock, store, vault, ring: new KeyRing(shared), other: new KeyRing(shared) };
}

describe('KeyRing tenant key destruction', () => {
  it('deletes every key of the tenant, and its subject keys, and refuses every later use with key_destroyed', async () => {
    const { ring, store, vault } = installation();
    await ring.ensureScope('ten_a');
    await ring.rotate('ten_a', 'tenant', JUSTIFICATION);
    const envelope = await ring.seal('hello', binding, JUSTIFICATION);
    const sealedToSubject = await ring.seal('hi', subjectBinding, JUSTIFICATION);

    const counts = await ring.destroyTenantKey('ten_a', 'mem_sec');

    // Two tenant key versions, content v1 and v2, blind-index and tokens v1; one subject key.
    expect(counts).toEqual({ keys: 6, subjectKeys: 1 });
    expect(await store.list('ten_a', 'tenant', undefined, 10)).toEqual([]);
    expect(await store.list('ten_a', 'data', undefined, 10)).toEqual([]);
    expect(await vault.list('ten_a', 'data', undefined, 10)).toEqual([]);
    for (const refusal of [
      ring.open(envelope, binding, JUSTIFICATION),
      ring.open(sealedToSubject, subjectBinding, JUSTIFICATION),
      ring.seal('new', binding, JUSTIFICATION),
      ring.seal('new', { ...subjectBinding, subject: 'ctc_2' }, JUSTIFICATION),
      ring.blindIndex('ten_a', 'email', 'a@b.test', JUSTIFICATION),
      ring.rotate('ten_a', 'data', JUSTIFICATION),
      ring.ensureScope('ten_a'),
    ]) {
      await expect(refusal).rejects.toMatchObject(destroyed);
    }
    expect(await store.list('ten_a', 'tenant', undefined, 10)).toEqual([]);
    expect((await ring.tenantKeyState('ten_a'))?.state).toBe('destroyed');
  });

  it('can never be undone: enabling or disabling a destroyed key is refused and the state stays destroyed', async () => {
    const { ring, clock } = installation();
    await ring.ensureScope('ten_a');
    await ring.destroyTenantKey('ten_a', 'mem_sec');
    for (const state of ['enabled', 'disabled'] as const) {
      await expect(ring.setTenantKeyState({ scope: 'ten_a', state, changedAt: clock.now().toISOString(), changedBy: 'mem_owner' })).rejects.toMatchObject(destroyed);
    }
    expect(await ring.tenantKeyState('ten_a')).toMatchObject({ state: 'destroyed', changedBy: 'mem_sec' });
  });

  it('is idempotent: run again it succeeds and keeps the first record', async () => {
    const { ring } = installation();
    await ring.ensureScope('ten_a');
    await ring.destroyTenantKey('ten_a', 'mem_sec');
    expect(await ring.destroyTenantKey('ten_a', 'mem_other')).toEqual({ keys: 0, subjectKeys: 0 });
    expect((await ring.tenantKeyState('ten_a'))?.changedBy).toBe('mem_sec');
  });

  it('binds another process with a warm cache within the state cache bound', async () => {
    const { ring, other, clock } = installation();
    await ring.ensureScope('ten_a');
    const envelope = await ring.seal('hello', binding, JUSTIFICATION);
    expect((await other.open(envelope, binding, JUSTIFICATION)).toString()).toBe('hello');

    await ring.destroyTenantKey('ten_a', 'mem_sec');
    clock.advance(KEY_STATE_CACHE_MS);
    await expect(other.open(envelope, binding, JUSTIFICATION)).rejects.toMatchObject(destroyed);
  });

  it('leaves other tenants readable', async () => {
    const { ring } = installation();
    await ring.ensureScope('ten_a');
    await ring.ensureScope('ten_b');
    const inB = { ...subjectBinding, tenant: 'ten_b' };
    const envelope = await ring.seal('still here', inB, JUSTIFICATION);
    await ring.destroyTenantKey('ten_a', 'mem_sec');
    ring.clearCache();
    expect((await ring.open(envelope, inB, JUSTIFICATION)).toString()).toBe('still here');
  });
});
