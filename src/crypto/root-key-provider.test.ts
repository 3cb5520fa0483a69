import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSoftHsmToken, removeSoftHsmTokens, showSkippedWithoutSoftHsm, SOFTHSM, softHsmSettings } from '../../test/support/softhsm.js';
import { createPkcs11RootKey, createRootKeyFile, FakeRootKeyProvider, VersionedRootKeyProvider, type Pkcs11RootKeyProvider, type RootKeyProvider } from './index.js';

// The contract every RootKeyProvider adapter passes. Add new adapters (KMS) here.
let directory: string;
let files = 0;
const nextPath = () => join(directory, `root-${files++}.json`);

// PKCS#11 runs against a throwaway SoftHSM2 token when SoftHSM2 is installed (softhsm.ts warns
// when it is not; CI requires it). Each provider gets its own key on the token.
const hsmToken = SOFTHSM.available ? await createSoftHsmToken('contract') : undefined;
const hsmProviders: Pkcs11RootKeyProvider[] = [];
const nextHsmKey = async () => {
  const provider = await createPkcs11RootKey(softHsmSettings(hsmToken!, `contract-${hsmProviders.length}`));
  hsmProviders.push(provider);
  return provider;
};

const ADAPTERS: Array<{ name: string; make: () => Promise<RootKeyProvider> }> = [
  { name: 'FakeRootKeyProvider', make: async () => new FakeRootKeyProvider() },
  { name: 'local key file', make: () => createRootKeyFile(nextPath()) },
  { name: 'local key file with passphrase', make: () => createRootKeyFile(nextPath(), { passphrase: 'pw' }) },
  {
    name: 'a rotated root key (two versions, wrapping with the newer)',
    make: async () => {
      const first = new FakeRootKeyProvider();
      return new VersionedRootKeyProvider({ baseKeyId: first.keyId, versions: [first, new FakeRootKeyProvider()] });
    },
  },
  ...(hsmToken === undefined ? [] : [{ name: 'PKCS#11 on SoftHSM2', make: nextHsmKey }]),
];

const unavailable = expect.objectContaining({ code: 'key_unavailable' });
const context = { scope: 'ten_a', version: 1 };

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sealdesk-root-'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
  await Promise.all(hsmProviders.map((provider) => provider.close()));
  await removeSoftHsmTokens();
});

showSkippedWithoutSoftHsm('RootKeyProvider contract: PKCS#11 on SoftHSM2');

describe.each(ADAPTERS)('RootKeyProvider contract: $name', ({ make }) => {
  it('unwraps what it wrapped', async () => {
    const provider = await make();
    const key = randomBytes(32);
    const wrapped = await provider.wrap(key, context);
    expect((await provider.unwrap(wrapped, context)).equals(key)).toBe(true);
    expect(wrapped.includes(key)).toBe(false);
    expect(provider.keyId).toMatch(/\S/);
  });

  it('uses a fresh nonce for every wrap', async () => {
    const provider = await make();
    const key = randomBytes(32);
    expect((await provider.wrap(key, context)).equals(await provider.wrap(key, context))).toBe(false);
  });

  it.each([
    ['another scope', { scope: 'ten_b', version: 1 }],
    ['another version', { scope: 'ten_a', version: 2 }],
  ])('refuses to unwrap for %s', async (_name, other) => {
    const provider = await make();
    const wrapped = await provider.wrap(randomBytes(32), context);
    await expect(provider.unwrap(wrapped, other)).rejects.toThrow(unavailable);
  });

  it('refuses what another root key wrapped', async () => {
    const wrapped = await (await make()).wrap(randomBytes(32), context);
    await expect((await make()).unwrap(wrapped, context)).rejects.toThrow(unavailable);
  });

  it('refuses wrapped bytes with any bit flipped, or truncated', async () => {
    const provider = await make();
    const wrapped = await provider.wrap(randomBytes(32), context);
    for (let bit = 0; bit < wrapped.length * 8; bit++) {
      const flipped = Buffer.from(wrapped);
      flipped[bit >> 3]! ^= 1 << (bit & 7);
      await expect(provider.unwrap(flipped, context), `bit ${bit}`).rejects.toThrow(unavailable);
    }
    await expect(provider.unwrap(wrapped.subarray(0, 40), context)).rejects.toThrow(unavailable);
  });
});
