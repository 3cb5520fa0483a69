import { describe, expect, it } from 'vitest';
import { ManualClock } from '../common/index.js';
import { type Binding, FakeRootKeyProvider, KEY_STATE_CACHE_MS, KeyRing, MemoryTenantKeyStateStore, MemoryWrappedKeyStore, type TenantKeyStateName } from './index.js';
import type { RootKeyProvider } from './root-key-provider.js';
import { systemJustification } from './unwrap-justification.js';

const JUSTIFICATION = systemJustification('test', 'test');
const binding: Binding = { tenant: 'ten_a', table: 'messages', column: 'body', row: 'msg_1' };
const subjectBinding: Binding = { ...binding, subject: 'ctc_1' };

/** Two key rings over one store, as two processes of one installation. */
function installation() {
  const clock = new ManualClock();
  const shared = { root: new FakeRootKeyProvider(), store: new MemoryWrappedKeyStore(), keyStates: new MemoryTenantKeyStateStore(), clock };
  const ring = new KeyRing({ ...shared, subjectKeys: new MemoryWrappedKeyStore() });
  const other = new KeyRing({ ...shared, subjectKeys: new MemoryWrappedKeyStore() });
  const set = (on: KeyRing, scope: string, state: TenantKeyStateName) => on.setTenantKeyState({ scope, state, changedAt: clock.now().toISOString(), changedBy: 'mem_sec' });
  return { clock, ring, other, set };
}

describe('KeyRing tenant key state', () => {
  it('refuses every use of a disabled key with key_unavailable at once in this process, warm cache or not', async () => {
    const { ring, set } = installation();
    await ring.ensureScope('ten_a');
    const envelope = await ring.seal('hello', binding, JUSTIFICATION);
    const sealedToSubject = await ring.seal('hi', subjectBinding, JUSTIFICATION);
    expect((await ring.open(envelope, binding, JUSTIFICATION)).toString()).toBe('hello');

    await set(ring, 'ten_a', 'disabled');
    const refusals = [
      ring.open(envelope, binding, JUSTIFICATION),
      ring.open(sealedToSubject, subjectBinding, JUSTIFICATION),
      ring.seal('new', binding, JUSTIFICATION),
      ring.blindIndex('ten_a', 'email', 'a@b.test', JUSTIFICATION),
      ring.mac('ten_a', 'token', 'data', JUSTIFICATION),
    ];
    for (const refusal of refusals) await expect(refusal).rejects.toMatchObject({ code: 'key_unavailable' });
    expect((await ring.tenantKeyState('ten_a'))?.state).toBe('disabled');
  });

  it('leaves other tenants alone', async () => {
    const { ring, set } = installation();
    await ring.ensureScope('ten_a');
    await ring.ensureScope('ten_b');
    const other = { ...binding, tenant: 'ten_b' };
    const envelope = await ring.seal('still here', other, JUSTIFICATION);
    await set(ring, 'ten_a', 'disabled');
    expect((await ring.open(envelope, other, JUSTIFICATION)).toString()).toBe('still here');
  });

  it('opens the same data again once re-enabled', async () => {
    const { ring, set } = installation();
    await ring.ensureScope('ten_a');
    const envelope = await ring.seal('hello', subjectBinding, JUSTIFICATION);
    await set(ring, 'ten_a', 'disabled');
    await expect(ring.open(envelope, subjectBinding, JUSTIFICATION)).rejects.toMatchObject({ code: 'key_unavailable' });
    await set(ring, 'ten_a', 'enabled');
    expect((await ring.open(envelope, subjectBinding, JUSTIFICATION)).toString()).toBe('hello');
  });

  it('binds another process within KEY_STATE_CACHE_MS, even on keys it holds unwrapped', async () => {
    const { clock, ring, other, set } = installation();
    await ring.ensureScope('ten_a');
    const envelope = await ring.seal('hello', binding, JUSTIFICATION);
    expect((await other.open(envelope, binding, JUSTIFICATION)).toString()).toBe('hello');

    await set(ring, 'ten_a', 'disabled');
    clock.advance(KEY_STATE_CACHE_MS);
    await expect(other.open(envelope, binding, JUSTIFICATION)).rejects.toMatchObject({ code: 'key_unavailable' });

    await set(ring, 'ten_a', 'enabled');
    clock.advance(KEY_STATE_CACHE_MS);
    expect((await other.open(envelope, binding, JUSTIFICATION)).toString()).toBe('hello');
  });

  it('drops the unwrapped keys when disabling: re-enabled, the tenant key is unwrapped from the root again', async () => {
    const clock = new ManualClock();
    const fake = new FakeRootKeyProvider();
    let unwraps = 0;
    const root: RootKeyProvider = { keyId: fake.keyId, wrap: (key, context) => fake.wrap(key, context), unwrap: (wrapped, context) => (unwraps++, fake.unwrap(wrapped, context)) };
    const ring = new KeyRing({ root, store: new MemoryWrappedKeyStore(), keyStates: new MemoryTenantKeyStateStore(), clock });
    await ring.ensureScope('ten_a');
    const envelope = await ring.seal('hello', binding, JUSTIFICATION);
    await ring.open(envelope, binding, JUSTIFICATION);
    const warm = unwraps;
    await ring.open(envelope, binding, JUSTIFICATION);
    expect(unwraps, 'a warm cache does not unwrap').toBe(warm);

    const change = (state: TenantKeyStateName) => ring.setTenantKeyState({ scope: 'ten_a', state, changedAt: clock.now().toISOString(), changedBy: 'mem_sec' });
    await change('disabled');
    await change('enabled');
    expect((await ring.open(envelope, binding, JUSTIFICATION)).toString()).toBe('hello');
    expect(unwraps).toBe(warm + 1);
  });
});
