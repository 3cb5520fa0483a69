import { systemJustification } from './unwrap-justification.js';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../common/index.js';
import { FakeRootKeyProvider, KeyRing, MemoryWrappedKeyStore, normaliseEmail } from './index.js';

const TEST_JUSTIFICATION = systemJustification('test', 'test');

async function setup() {
  const root = new FakeRootKeyProvider();
  const store = new MemoryWrappedKeyStore();
  const ring = new KeyRing({ root, store, clock: new ManualClock() });
  await ring.ensureScope('ten_a');
  await ring.ensureScope('ten_b');
  return { ring, other: new KeyRing({ root, store, clock: new ManualClock() }) };
}

describe('KeyRing.blindIndex', () => {
  it('is deterministic per scope and field, across instances', async () => {
    const { ring, other } = await setup();
    const index = await ring.blindIndex('ten_a', 'email', 'alice@example.com', TEST_JUSTIFICATION);
    expect(index).toMatch(/^[0-9a-f]{64}$/);
    expect(await ring.blindIndex('ten_a', 'email', 'alice@example.com', TEST_JUSTIFICATION)).toBe(index);
    expect(await other.blindIndex('ten_a', 'email', 'alice@example.com', TEST_JUSTIFICATION)).toBe(index);
  });

  it('differs across scopes, fields and values', async () => {
    const { ring } = await setup();
    const indexes = await Promise.all([
      ring.blindIndex('ten_a', 'email', 'alice@example.com', TEST_JUSTIFICATION),
      ring.blindIndex('ten_b', 'email', 'alice@example.com', TEST_JUSTIFICATION),
      ring.blindIndex('ten_a', 'phone', 'alice@example.com', TEST_JUSTIFICATION),
      ring.blindIndex('ten_a', 'email', 'bob@example.com', TEST_JUSTIFICATION),
    ]);
    expect(new Set(indexes).size).toBe(4);
  });

  it('matches differently written emails once normalised', async () => {
    const { ring } = await setup();
    expect(normaliseEmail('  Alice@Example.COM \n')).toBe('alice@example.com');
    expect(await ring.blindIndex('ten_a', 'email', normaliseEmail(' ALICE@example.com'), TEST_JUSTIFICATION)).toBe(
      await ring.blindIndex('ten_a', 'email', normaliseEmail('alice@EXAMPLE.com '), TEST_JUSTIFICATION),
    );
  });

  it('is key_unavailable for a scope without keys', async () => {
    const { ring } = await setup();
    await expect(ring.blindIndex('ten_z', 'email', 'a@b.c', TEST_JUSTIFICATION)).rejects.toThrow(
      expect.objectContaining({ code: 'key_unavailable' }),
    );
  });
});

describe('KeyRing.mac and verifyMac', () => {
  it('verifies its own MAC, also from another instance', async () => {
    const { ring, other } = await setup();
    const mac = await ring.mac('ten_a', 'contact-token', 'ctc_1|2026-01-01', TEST_JUSTIFICATION);
    expect(mac).toHaveLength(32);
    expect(await ring.verifyMac('ten_a', 'contact-token', 'ctc_1|2026-01-01', mac, TEST_JUSTIFICATION)).toBe(true);
    expect(await other.verifyMac('ten_a', 'contact-token', Buffer.from('ctc_1|2026-01-01'), mac, TEST_JUSTIFICATION)).toBe(true);
  });

  it.each([
    ['other data', 'ten_a', 'contact-token', 'ctc_2|2026-01-01'],
    ['another purpose', 'ten_a', 'other-token', 'ctc_1|2026-01-01'],
    ['another scope', 'ten_b', 'contact-token', 'ctc_1|2026-01-01'],
  ])('rejects a MAC checked against %s', async (_name, scope, purpose, data) => {
    const { ring } = await setup();
    const mac = await ring.mac('ten_a', 'contact-token', 'ctc_1|2026-01-01', TEST_JUSTIFICATION);
    expect(await ring.verifyMac(scope, purpose, data, mac, TEST_JUSTIFICATION)).toBe(false);
  });

  it('rejects a truncated, extended or altered MAC', async () => {
    const { ring } = await setup();
    const mac = await ring.mac('ten_a', 'contact-token', 'data', TEST_JUSTIFICATION);
    const altered = Buffer.from(mac);
    altered[0]! ^= 1;
    for (const candidate of [mac.subarray(0, 16), Buffer.concat([mac, mac]), altered, Buffer.alloc(0)]) {
      expect(await ring.verifyMac('ten_a', 'contact-token', 'data', candidate, TEST_JUSTIFICATION)).toBe(false);
    }
  });
});
