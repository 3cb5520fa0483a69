import { describe, expect, it } from 'vitest';
import { ManualClock } from '../common/index.js';
import { SealdeskError } from '../errors/index.js';
import { type Binding, FakeRootKeyProvider, KeyRing, MemoryWrappedKeyStore, type TenantKeyWrappers } from './index.js';
import type { RootKeyProvider } from './root-key-provider.js';
import { systemJustification } from './unwrap-justification.js';

const JUSTIFICATION = systemJustification('test', 'test');
const binding: Binding = { tenant: 'ten_a', table: 'messages', column: 'body', row: 'msg_1' };

/** A key ring whose tenant key versions from `customerFrom` on are wrapped by `customer`, as a customer-managed key does. */
function keyRingWithCustomerKey() {
  const root = new FakeRootKeyProvider();
  const customer = new FakeRootKeyProvider();
  const store = new MemoryWrappedKeyStore();
  const state = { customerFrom: Number.POSITIVE_INFINITY, available: true, checks: 0 };
  const wrappers: TenantKeyWrappers = {
    providerFor: async (scope, version): Promise<RootKeyProvider> => (scope === 'ten_a' && version >= state.customerFrom ? customer : root),
    assertAvailable: async (scope) => {
      state.checks += 1;
      if (scope === 'ten_a' && !state.available) throw new SealdeskError('key_unavailable', { detail: 'pulled' });
    },
  };
  const ring = new KeyRing({ root, store, clock: new ManualClock(), wrappers, subjectKeys: new MemoryWrappedKeyStore() });
  return { root, customer, store, state, ring };
}

describe('KeyRing with tenant key wrappers', () => {
  it('wraps each new tenant key version with the provider chosen for it, and unwraps each with its own', async () => {
    const { root, customer, store, state, ring } = keyRingWithCustomerKey();
    await ring.ensureScope('ten_a');
    const before = await ring.seal('before', binding, JUSTIFICATION);
    state.customerFrom = 2;
    await ring.rotate('ten_a', 'tenant', JUSTIFICATION);
    const after = await ring.seal('after', binding, JUSTIFICATION);

    const v1 = await store.get('ten_a', 'tenant', 'tenant', 1);
    const v2 = await store.get('ten_a', 'tenant', 'tenant', 2);
    await expect(root.unwrap(v1!.wrappedKey, { scope: 'ten_a', version: 1 })).resolves.toHaveLength(32);
    await expect(customer.unwrap(v2!.wrappedKey, { scope: 'ten_a', version: 2 })).resolves.toHaveLength(32);
    await expect(root.unwrap(v2!.wrappedKey, { scope: 'ten_a', version: 2 })).rejects.toMatchObject({ code: 'key_unavailable' });

    ring.clearCache();
    expect((await ring.open(before, binding, JUSTIFICATION)).toString()).toBe('before');
    expect((await ring.open(after, binding, JUSTIFICATION)).toString()).toBe('after');
  });

  it('asks for availability on every use; an unavailable key fails every use and leaves nothing unwrapped behind', async () => {
    const { state, ring } = keyRingWithCustomerKey();
    await ring.ensureScope('ten_a');
    await ring.ensureScope('ten_b');
    const sealed = await ring.seal('hello', binding, JUSTIFICATION);
    const checks = state.checks;
    await ring.open(sealed, binding, JUSTIFICATION);
    expect(state.checks).toBe(checks + 1);

    state.available = false;
    await expect(ring.open(sealed, binding, JUSTIFICATION)).rejects.toMatchObject({ code: 'key_unavailable' });
    await expect(ring.seal('new', binding, JUSTIFICATION)).rejects.toMatchObject({ code: 'key_unavailable' });
    await expect(ring.blindIndex('ten_a', 'email', 'a@b.test', JUSTIFICATION)).rejects.toMatchObject({ code: 'key_unavailable' });
    await expect(ring.seal('other tenant', { ...binding, tenant: 'ten_b' }, JUSTIFICATION)).resolves.toBeInstanceOf(Buffer);

    const statsBefore = ring.cacheStats();
    state.available = true;
    expect((await ring.open(sealed, binding, JUSTIFICATION)).toString()).toBe('hello');
    expect(ring.cacheStats().misses, 'the keys were forgotten, so they are unwrapped again').toBeGreaterThan(statsBefore.misses);
  });
});
