import { systemJustification } from '../../src/crypto/index.js';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { inspect } from 'node:util';
import pkcs11js from 'pkcs11js';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/common/index.js';
import {
  type Binding,
  createPkcs11RootKey,
  FakeRootKeyProvider,
  KeyRing,
  MemoryWrappedKeyStore,
  openPkcs11RootKey,
  type Pkcs11RootKeyProvider,
  type Pkcs11Settings,
} from '../../src/crypto/index.js';
import { createSoftHsmToken, removeSoftHsmTokens, showSkippedWithoutSoftHsm, SOFTHSM, softHsmSettings } from '../support/softhsm.js';

const TEST_JUSTIFICATION = systemJustification('test', 'test');

const ROOT = resolve(import.meta.dirname, '../..');
const unavailable = (message?: RegExp) =>
  expect.objectContaining({ code: 'key_unavailable', ...(message && { userMessage: expect.stringMatching(message) }) });
const context = { scope: 'ten_a', version: 1 };

// One token for this file, made before any provider opens (SoftHSM2 reads its token directory
// when the library initialises). Every test closes what it opened, so the raw sessions below
// (which initialise and finalise the library themselves) never pull it from under a provider.
const token = SOFTHSM.available ? await createSoftHsmToken('pkcs11-tests') : undefined;
const opened: Pkcs11RootKeyProvider[] = [];
let labels = 0;
const settings = (keyLabel = `key-${labels++}`, pin?: string): Pkcs11Settings => softHsmSettings(token!, keyLabel, pin);
const track = async (provider: Promise<Pkcs11RootKeyProvider>) => {
  opened.push(await provider);
  return opened.at(-1)!;
};

afterEach(async () => {
  await Promise.all(opened.splice(0).map((provider) => provider.close()));
});

afterAll(async () => {
  await removeSoftHsmTokens();
});

/** A session of our own on the token, for looking behind the provider. Only while none is open. */
function withRawSession<T>(use: (module: pkcs11js.PKCS11, session: Buffer) => T): T {
  const module = new pkcs11js.PKCS11();
  module.load(token!.module);
  module.C_Initialize();
  try {
    const slot = module.C_GetSlotList(true).find((each) => module.C_GetTokenInfo(each).label.trimEnd() === token!.label)!;
    const session = module.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
    module.C_Login(session, pkcs11js.CKU_USER, token!.pin);
    try {
      return use(module, session);
    } finally {
      module.C_Logout(session);
      module.C_CloseSession(session);
    }
  } finally {
    module.C_Finalize();
    module.close();
  }
}

function findKey(module: pkcs11js.PKCS11, session: Buffer, label: string): Buffer {
  module.C_FindObjectsInit(session, [{ type: pkcs11js.CKA_LABEL, value: label }]);
  const [key] = module.C_FindObjects(session, 1);
  module.C_FindObjectsFinal(session);
  return key!;
}

showSkippedWithoutSoftHsm('PKCS#11 root key on SoftHSM2');

describe.runIf(SOFTHSM.available)('PKCS#11 root key on SoftHSM2', () => {
  it('generates a sensitive, never-extractable AES-256 key on the token, found again by label and id', async () => {
    const provider = await createPkcs11RootKey(settings('generated'));
    const { keyId } = provider;
    expect(keyId).toMatch(/^pkcs11-[0-9a-f]{32}$/);
    await provider.close();
    withRawSession((module, session) => {
      const key = findKey(module, session, 'generated');
      const attributes = module.C_GetAttributeValue(session, key, [
        { type: pkcs11js.CKA_CLASS },
        { type: pkcs11js.CKA_KEY_TYPE },
        { type: pkcs11js.CKA_VALUE_LEN },
        { type: pkcs11js.CKA_TOKEN },
        { type: pkcs11js.CKA_SENSITIVE },
        { type: pkcs11js.CKA_EXTRACTABLE },
        { type: pkcs11js.CKA_NEVER_EXTRACTABLE },
        { type: pkcs11js.CKA_WRAP },
        { type: pkcs11js.CKA_ID },
      ]);
      const [klass, keyType, length, onToken, sensitive, extractable, neverExtractable, canWrap, id] = attributes.map(({ value }) => value);
      expect([klass!.readUInt32LE(0), keyType!.readUInt32LE(0), length!.readUInt32LE(0)]).toEqual([
        pkcs11js.CKO_SECRET_KEY,
        pkcs11js.CKK_AES,
        32,
      ]);
      expect([onToken, sensitive, extractable, neverExtractable, canWrap].map((flag) => flag![0])).toEqual([1, 1, 0, 1, 0]);
      expect(`pkcs11-${id!.toString('hex')}`).toBe(keyId);
      // The key's value cannot be read off the token.
      expect(() => module.C_GetAttributeValue(session, key, [{ type: pkcs11js.CKA_VALUE }])).toThrow(/CKR_ATTRIBUTE_SENSITIVE/);
    });
  });

  it('wraps on the token into self-describing bytes, and unwraps them', async () => {
    const provider = await track(createPkcs11RootKey(settings()));
    const key = randomBytes(32);
    const wrapped = await provider.wrap(key, context);
    // 'S' 'H' | format 1 | mechanism 1 (CKM_AES_GCM) | IV (12) | ciphertext (32) | tag (16)
    expect([...wrapped.subarray(0, 4)]).toEqual([0x53, 0x48, 1, 1]);
    expect(wrapped.length).toBe(4 + 12 + 32 + 16);
    expect(wrapped.includes(key)).toBe(false);
    expect((await provider.unwrap(wrapped, context)).equals(key)).toBe(true);
  });

  it('opens the key again by its label and unwraps what was wrapped before', async () => {
    const label = 'reopened';
    const created = await createPkcs11RootKey(settings(label));
    const key = randomBytes(32);
    const wrapped = await created.wrap(key, context);
    await created.close();
    const reopened = await track(openPkcs11RootKey(settings(label)));
    expect(reopened.keyId).toBe(created.keyId);
    expect((await reopened.unwrap(wrapped, context)).equals(key)).toBe(true);
  });

  it('a second process unwraps what this one wrapped, and this one unwraps what that one wrapped', async () => {
    const label = 'two-processes';
    const provider = await track(createPkcs11RootKey(settings(label)));
    const key = randomBytes(32);
    const wrapped = await provider.wrap(key, context);
    const { pin, ...withoutPin } = settings(label);
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'test/crypto/pkcs11-child.ts', wrapped.toString('hex')], {
      cwd: ROOT,
      env: { ...process.env, ...token!.env, SEALDESK_TEST_PKCS11: JSON.stringify(withoutPin), SEALDESK_PKCS11_PIN: pin },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.status, child.stderr).toBe(0);
    const output = JSON.parse(child.stdout);
    expect(output.keyId).toBe(provider.keyId);
    expect(output.sha256).toBe(createHash('sha256').update(key).digest('hex'));
    const rewrapped = Buffer.from(output.rewrapped, 'hex');
    expect((await provider.unwrap(rewrapped, { scope: 'ten_a', version: 2 })).equals(key)).toBe(true);
  });

  it.each([
    ['another scope', { scope: 'ten_b', version: 1 }],
    ['another version', { scope: 'ten_a', version: 2 }],
    ['the operator scope', { scope: 'operator', version: 1 }],
  ])('refuses to unwrap for %s', async (_name, other) => {
    const provider = await track(createPkcs11RootKey(settings()));
    const wrapped = await provider.wrap(randomBytes(32), context);
    await expect(provider.unwrap(wrapped, other)).rejects.toThrow(unavailable());
  });

  it('refuses what another key on the same token wrapped, and what another kind of root key wrapped', async () => {
    const first = await track(createPkcs11RootKey(settings()));
    const second = await track(createPkcs11RootKey(settings()));
    await expect(second.unwrap(await first.wrap(randomBytes(32), context), context)).rejects.toThrow(unavailable());
    const fromFake = await new FakeRootKeyProvider().wrap(randomBytes(32), context);
    await expect(first.unwrap(fromFake, context)).rejects.toThrow(unavailable());
  });

  it.each([
    ['another format version', (bytes: Buffer) => bytes.fill(2, 2, 3)],
    ['another mechanism', (bytes: Buffer) => bytes.fill(2, 3, 4)],
    ['a changed IV', (bytes: Buffer) => bytes.fill(0, 4, 16)],
    ['a changed ciphertext byte', (bytes: Buffer) => bytes.fill(bytes[20]! ^ 0x80, 20, 21)],
    ['a changed tag', (bytes: Buffer) => bytes.fill(0, bytes.length - 16)],
    ['a truncated tag', (bytes: Buffer) => bytes.subarray(0, bytes.length - 1)],
    ['an appended byte', (bytes: Buffer) => Buffer.concat([bytes, Buffer.from([0])])],
    ['nothing but a header', (bytes: Buffer) => bytes.subarray(0, 4)],
  ])('refuses a tampered blob: %s', async (_name, tamper) => {
    const provider = await track(createPkcs11RootKey(settings()));
    const wrapped = await provider.wrap(randomBytes(32), context);
    await expect(provider.unwrap(tamper(Buffer.from(wrapped)), context)).rejects.toThrow(unavailable());
    expect((await provider.unwrap(wrapped, context)).length).toBe(32);
  });

  it('a wrong PIN is key_unavailable with a clear message that holds neither PIN', async () => {
    const label = 'wrong-pin';
    await (await createPkcs11RootKey(settings(label))).close();
    const wrongPin = 'not-the-pin-5512';
    const error = await openPkcs11RootKey(settings(label, wrongPin)).catch((caught: unknown) => caught);
    expect(error).toEqual(unavailable(/refused the PIN \(SEALDESK_PKCS11_PIN\)/));
    const everything = [inspect(error, { depth: 5 }), JSON.stringify(error), String((error as Error).stack)].join('\n');
    expect(everything).not.toContain(wrongPin);
    expect(everything).not.toContain(token!.pin);
    expect((error as { userMessage: string }).userMessage).not.toMatch(/\n\s+at /);
  });

  it('refuses a wrong PIN even while this process is logged in to the token, and keeps working', async () => {
    const label = 'logged-in';
    const provider = await track(createPkcs11RootKey(settings(label)));
    await expect(openPkcs11RootKey(settings(label, 'not-the-pin-5512'))).rejects.toThrow(unavailable(/refused the PIN/));
    const key = randomBytes(32);
    expect((await provider.unwrap(await provider.wrap(key, context), context)).equals(key)).toBe(true);
  });

  it.each([
    ['a library that is not there', { module: '/nonexistent/libpkcs11.so' }, /Cannot load the PKCS#11 module \/nonexistent\/libpkcs11\.so/],
    ['a file that is not a PKCS#11 library', { module: '/etc/hostname' }, /Cannot load the PKCS#11 module/],
    ['a token that is not there', { token: { label: 'no-such-token' } }, /No PKCS#11 token "no-such-token" is present/],
    ['a slot that is not there', { token: { slot: 424242 } }, /No PKCS#11 slot 424242 is present/],
    ['a key that is not there', { keyLabel: 'no-such-key' }, /No key labelled "no-such-key" on PKCS#11 token/],
  ])('refuses %s with key_unavailable and says so', async (_name, change, message) => {
    const error = await openPkcs11RootKey({ ...settings('never-created'), ...change }).catch((caught: unknown) => caught);
    expect(error).toEqual(unavailable(message));
    expect((error as { userMessage: string }).userMessage).not.toMatch(/\n\s+at /);
  });

  it.each([
    ['an empty module path', { module: ' ' }],
    ['an empty PIN', { pin: '' }],
    ['a token label over 32 bytes', { token: { label: 'x'.repeat(33) } }],
    ['a negative slot', { token: { slot: -1 } }],
    ['a blank key label', { keyLabel: '  ' }],
  ])('refuses settings with %s as config_invalid', async (_name, change) => {
    await expect(openPkcs11RootKey({ ...settings(), ...change })).rejects.toThrow(expect.objectContaining({ code: 'config_invalid' }));
    await expect(createPkcs11RootKey({ ...settings(), ...change })).rejects.toThrow(expect.objectContaining({ code: 'config_invalid' }));
  });

  it('refuses to create a key whose label is taken, and leaves that key alone', async () => {
    const label = 'taken';
    const first = await track(createPkcs11RootKey(settings(label)));
    await expect(createPkcs11RootKey(settings(label))).rejects.toThrow(
      expect.objectContaining({ code: 'already_initialised', userMessage: expect.stringContaining('"taken"') }),
    );
    const key = randomBytes(32);
    expect((await first.unwrap(await first.wrap(key, context), context)).equals(key)).toBe(true);
  });

  it.each([
    ['is extractable', { sensitive: false, extractable: true }, /cannot be a root key: it is extractable/],
    ['was imported (its value was once outside a token)', { sensitive: true, extractable: false }, /cannot be a root key: it is not always sensitive/],
  ])('refuses to open a key that %s', async (_name, flags, message) => {
    const label = `unfit-${labels++}`;
    withRawSession((module, session) =>
      module.C_CreateObject(session, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
        { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_AES },
        { type: pkcs11js.CKA_VALUE, value: randomBytes(32) },
        { type: pkcs11js.CKA_TOKEN, value: true },
        { type: pkcs11js.CKA_PRIVATE, value: true },
        { type: pkcs11js.CKA_SENSITIVE, value: flags.sensitive },
        { type: pkcs11js.CKA_EXTRACTABLE, value: flags.extractable },
        { type: pkcs11js.CKA_ENCRYPT, value: true },
        { type: pkcs11js.CKA_DECRYPT, value: true },
        { type: pkcs11js.CKA_LABEL, value: label },
        { type: pkcs11js.CKA_ID, value: randomBytes(16) },
      ]),
    );
    await expect(openPkcs11RootKey(settings(label))).rejects.toThrow(unavailable(message));
  });

  it('closing one provider leaves the others in the process working; a closed one refuses', async () => {
    const label = 'shared';
    const first = await track(createPkcs11RootKey(settings(label)));
    const second = await track(openPkcs11RootKey(settings(label)));
    const other = await track(createPkcs11RootKey(settings()));
    const wrapped = await first.wrap(randomBytes(32), context);
    await first.close();
    await first.close();
    await expect(first.wrap(randomBytes(32), context)).rejects.toThrow(unavailable());
    await expect(first.unwrap(wrapped, context)).rejects.toThrow(unavailable());
    expect((await second.unwrap(wrapped, context)).length).toBe(32);
    await second.close();
    expect((await other.unwrap(await other.wrap(randomBytes(32), context), context)).length).toBe(32);
  });

  it('runs concurrent wraps and unwraps one at a time on its session', async () => {
    const provider = await track(createPkcs11RootKey(settings()));
    const keys = Array.from({ length: 40 }, () => randomBytes(32));
    const contexts = keys.map((_key, index) => ({ scope: `ten_${index}`, version: 1 }));
    const wrapped = await Promise.all(keys.map((key, index) => provider.wrap(key, contexts[index]!)));
    const failing = expect(provider.unwrap(wrapped[0]!, contexts[1]!)).rejects.toThrow(unavailable());
    const unwrapped = await Promise.all(wrapped.map((bytes, index) => provider.unwrap(bytes, contexts[index]!)));
    await failing;
    expect(unwrapped.every((key, index) => key.equals(keys[index]!))).toBe(true);
  });

  it('prints as its key id, never as settings or PIN', async () => {
    const provider = await track(createPkcs11RootKey(settings()));
    for (const printed of [String(provider), inspect(provider), JSON.stringify({ provider })]) {
      expect(printed).toContain(`[pkcs11 root key ${provider.keyId}]`);
      expect(printed).not.toContain(token!.pin);
    }
  });

  it('discards a key it created (undoing a failed init), but never one it opened', async () => {
    const label = 'discarded';
    const created = await createPkcs11RootKey(settings(label));
    const reopened = await track(openPkcs11RootKey(settings(label)));
    await expect(reopened.discardCreatedKey()).rejects.toThrow(expect.objectContaining({ code: 'internal' }));
    await reopened.close();
    await created.discardCreatedKey();
    await expect(openPkcs11RootKey(settings(label))).rejects.toThrow(unavailable(/No key labelled "discarded"/));
    await track(createPkcs11RootKey(settings(label)));
  });

  it('holds a key ring: tenant keys wrapped on the token seal and open data, also after reopening', async () => {
    const label = 'key-ring';
    const store = new MemoryWrappedKeyStore();
    const clock = new ManualClock('2026-03-01T09:00:00.000Z');
    const binding: Binding = { tenant: 'ten_a', table: 'messages', column: 'body', row: 'msg_1' };
    const created = await createPkcs11RootKey(settings(label));
    const ring = new KeyRing({ root: created, store, clock });
    await ring.ensureScope('ten_a');
    const sealed = await ring.seal('the customer wrote this', binding, TEST_JUSTIFICATION);
    expect(await ring.openText(sealed, binding, TEST_JUSTIFICATION)).toBe('the customer wrote this');
    expect((await store.latest('ten_a', 'tenant', 'tenant'))!.wrappedKey.subarray(0, 2).toString()).toBe('SH');
    await created.close();

    const reopened = await track(openPkcs11RootKey(settings(label)));
    expect(await new KeyRing({ root: reopened, store, clock }).openText(sealed, binding, TEST_JUSTIFICATION)).toBe('the customer wrote this');
    const stranger = await track(createPkcs11RootKey(settings()));
    await expect(new KeyRing({ root: stranger, store, clock }).open(sealed, binding, TEST_JUSTIFICATION)).rejects.toThrow(unavailable());
  });
});
