import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRootKeyFile, openRootKeyFile, type RootKeyProvider } from '../index.js';

const PASSPHRASE = 'correct horse battery staple';
const unavailable = expect.objectContaining({ code: 'key_unavailable' });
const context = { scope: 'operator', version: 1 };
let directory: string;
let path: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sealdesk-key-file-'));
  path = join(directory, 'root-key.json');
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Proves `opened` holds the same root key as `created`. */
async function expectSameKey(created: RootKeyProvider, opened: RootKeyProvider): Promise<void> {
  const key = randomBytes(32);
  const wrapped = await created.wrap(key, context);
  expect((await opened.unwrap(wrapped, context)).equals(key)).toBe(true);
}

describe('root key file', () => {
  it('is created with mode 0600 and the documented JSON shape', async () => {
    const provider = await createRootKeyFile(path);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const json = JSON.parse(await readFile(path, 'utf8'));
    expect(json).toEqual({ format: 'sealdesk-root-key', version: 1, keyId: provider.keyId, protection: 'none', key: expect.any(String) });
    expect(provider.keyId).toMatch(/^root-[0-9a-f]{16}$/);
    expect(Buffer.from(json.key, 'base64')).toHaveLength(32);
  });

  it('reopens to the same key', async () => {
    const created = await createRootKeyFile(path);
    const opened = await openRootKeyFile(path);
    expect(opened.keyId).toBe(created.keyId);
    await expectSameKey(created, opened);
  });

  it('refuses to overwrite an existing file', async () => {
    await createRootKeyFile(path);
    const before = await readFile(path, 'utf8');
    await expect(createRootKeyFile(path)).rejects.toThrow(expect.objectContaining({ code: 'already_initialised' }));
    expect(await readFile(path, 'utf8')).toBe(before);
  });

  it('round-trips with a passphrase, which the file does not contain', async () => {
    const created = await createRootKeyFile(path, { passphrase: PASSPHRASE });
    const text = await readFile(path, 'utf8');
    for (const form of [PASSPHRASE, Buffer.from(PASSPHRASE).toString('base64'), Buffer.from(PASSPHRASE).toString('hex')]) {
      expect(text).not.toContain(form);
    }
    const json = JSON.parse(text);
    expect(json).toMatchObject({ protection: 'scrypt', kdf: { N: 2 ** 15, r: 8, p: 1 } });
    expect(json).not.toHaveProperty('key');
    await expectSameKey(created, await openRootKeyFile(path, { passphrase: PASSPHRASE }));
  });

  it.each([
    ['a wrong passphrase', 'incorrect horse'],
    ['no passphrase', undefined],
  ])('refuses %s with key_unavailable', async (_name, passphrase) => {
    await createRootKeyFile(path, { passphrase: PASSPHRASE });
    await expect(openRootKeyFile(path, { passphrase })).rejects.toThrow(
      expect.objectContaining({ code: 'key_unavailable', message: 'root key passphrase missing or wrong' }),
    );
  });

  it('refuses a passphrase for an unprotected file', async () => {
    await createRootKeyFile(path);
    await expect(openRootKeyFile(path, { passphrase: PASSPHRASE })).rejects.toThrow(unavailable);
  });

  it('refuses an empty passphrase when creating', async () => {
    await expect(createRootKeyFile(path, { passphrase: '' })).rejects.toThrow(
      expect.objectContaining({ code: 'config_invalid' }),
    );
  });

  it.each([0o640, 0o604, 0o620, 0o644])('refuses a file with mode %o and says to chmod 600', async (mode) => {
    await createRootKeyFile(path);
    await chmod(path, mode);
    await expect(openRootKeyFile(path)).rejects.toThrow(
      expect.objectContaining({ code: 'key_unavailable', message: expect.stringContaining('chmod 600') }),
    );
  });

  it('refuses a missing file', async () => {
    await expect(openRootKeyFile(path)).rejects.toThrow(unavailable);
  });

  it.each([
    ['not JSON', () => 'root key'],
    ['another format', (json: any) => ({ ...json, format: 'other' })],
    ['another version', (json: any) => ({ ...json, version: 2 })],
    ['a short key', (json: any) => ({ ...json, key: Buffer.alloc(16).toString('base64') })],
    ['a bad key id', (json: any) => ({ ...json, keyId: 'root-x' })],
    ['an unknown field', (json: any) => ({ ...json, extra: 1 })],
    ['an unknown protection', (json: any) => ({ ...json, protection: 'rot13' })],
  ])('refuses a malformed file: %s', async (_name, edit) => {
    await createRootKeyFile(path);
    const edited = edit(JSON.parse(await readFile(path, 'utf8')));
    await writeFile(path, typeof edited === 'string' ? edited : JSON.stringify(edited), { mode: 0o600 });
    await expect(openRootKeyFile(path)).rejects.toThrow(unavailable);
  });

  it.each([
    ['an absurd scrypt cost', { N: 2 ** 30 }],
    ['a non-power-of-two cost', { N: 3 * 2 ** 14 }],
    ['a short salt', { salt: 'AAAA' }],
  ])('refuses a passphrase file with %s', async (_name, kdf) => {
    await createRootKeyFile(path, { passphrase: PASSPHRASE });
    const json = JSON.parse(await readFile(path, 'utf8'));
    await writeFile(path, JSON.stringify({ ...json, kdf: { ...json.kdf, ...kdf } }), { mode: 0o600 });
    await expect(openRootKeyFile(path, { passphrase: PASSPHRASE })).rejects.toThrow(unavailable);
  });
});
