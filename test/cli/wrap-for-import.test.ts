import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyImportPair, keyImportLabel, unwrapImportedKey, type KeyImportPair } from '../../src/crypto/index.js';
import { sealdesk } from '../support/sealdesk-cli.js';

/** The customer's side of BYOK: `sealdesk keys wrap-for-import` wraps a key file without any code. */
describe('sealdesk keys wrap-for-import', () => {
  let dir: string;
  let pair: KeyImportPair;
  const label = keyImportLabel('ten_acme', 'kit_1');
  const key = randomBytes(32);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sealdesk-wrap-'));
    pair = await generateKeyImportPair();
    await writeFile(join(dir, 'tenant.key'), key);
    await writeFile(join(dir, 'wrapping.pem'), pair.publicKeyPem);
    await writeFile(join(dir, 'params.json'), JSON.stringify({ importToken: 'kit_1', wrappingKey: { publicKey: pair.publicKeyPem }, oaep: { label: label.toString('utf8') } }));
    await writeFile(join(dir, 'short.key'), randomBytes(31));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('wraps with the import parameters JSON, printing base64 that opens to the key', async () => {
    const result = await sealdesk(['keys', 'wrap-for-import', '--parameters', join(dir, 'params.json'), '--key', join(dir, 'tenant.key')]);
    expect(result.status, result.stderr).toBe(0);
    expect(unwrapImportedKey(pair.privateKeyDer, Buffer.from(result.stdout.trim(), 'base64'), label).equals(key)).toBe(true);
  });

  it('wraps with --public-key and --label, writing --out with mode 0600', async () => {
    const out = join(dir, 'wrapped.b64');
    const result = await sealdesk(['keys', 'wrap-for-import', '--public-key', join(dir, 'wrapping.pem'), '--label', label.toString('utf8'), '--key', join(dir, 'tenant.key'), '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    expect(unwrapImportedKey(pair.privateKeyDer, Buffer.from((await readFile(out, 'utf8')).trim(), 'base64'), label).equals(key)).toBe(true);
  });

  it.each([
    ['a key that is not 32 bytes', ['--parameters', 'params.json', '--key', 'short.key'], /exactly 32 bytes/],
    ['no public key nor parameters', ['--key', 'tenant.key'], /Give --parameters FILE/],
  ])('refuses %s with one line and exit 1', async (_name, args, message) => {
    const result = await sealdesk(['keys', 'wrap-for-import', ...args.map((arg) => (arg.includes('.') ? join(dir, arg) : arg))]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
