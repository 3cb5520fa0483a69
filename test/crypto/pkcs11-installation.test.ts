import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/common/index.js';
import { loadConfig } from '../../src/config/index.js';
import { createPkcs11RootKey, openPkcs11RootKey } from '../../src/crypto/index.js';
import { initInstallation, openInstallation } from '../../src/installation/index.js';
import { createSoftHsmToken, removeSoftHsmTokens, showSkippedWithoutSoftHsm, SOFTHSM, softHsmSettings } from '../support/softhsm.js';

// `sealdesk init` and `serve` with the root key on a SoftHSM2 token, through the real CLI.
const ROOT = resolve(import.meta.dirname, '../..');
const CLI = ['--import', 'tsx', join(ROOT, 'src/cli/main.ts')];
const token = SOFTHSM.available ? await createSoftHsmToken('installations') : undefined;
let directory: string;

/** The settings `sealdesk` reads, for a key labelled `keyLabel` on this file's token. */
function hsmEnvironment(keyLabel: string): Record<string, string> {
  return {
    ...token!.env,
    SEALDESK_ROOT_KEY_PROVIDER: 'pkcs11',
    SEALDESK_PKCS11_MODULE: token!.module,
    SEALDESK_PKCS11_TOKEN_LABEL: token!.label,
    SEALDESK_PKCS11_PIN: token!.pin,
    SEALDESK_PKCS11_KEY_LABEL: keyLabel,
  };
}

function rootKeyConfig(keyLabel: string, pin = token!.pin) {
  return { provider: 'pkcs11' as const, pkcs11: { module: token!.module, token: { label: token!.label }, pin, keyLabel } };
}

function sealdesk(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [...CLI, ...args], {
    cwd: ROOT,
    env: { ...withoutSealdeskSettings(process.env), SEALDESK_LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function withoutSealdeskSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^SEALDESK_(ROOT_|PKCS11_)/.test(name)));
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

function call(port: number, ca: Buffer, method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; json: any }> {
  return new Promise((resolveResponse, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = {
      ...(token !== undefined && { authorization: `Bearer ${token}` }),
      ...(payload !== undefined && { 'content-type': 'application/json' }),
    };
    request({ host: 'localhost', port, path, method, ca, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolveResponse({ status: res.statusCode ?? 0, json: text === '' ? undefined : JSON.parse(text) });
      });
    })
      .on('error', reject)
      .end(payload);
  });
}

function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolveLine, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`timed out; saw: ${seen}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolveLine(seen);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`exited ${code}; saw: ${seen}`)));
  });
}

describe('root key settings from the environment', () => {
  const pkcs11 = {
    SEALDESK_ROOT_KEY_PROVIDER: 'pkcs11',
    SEALDESK_PKCS11_MODULE: '/usr/lib/softhsm/libsofthsm2.so',
    SEALDESK_PKCS11_TOKEN_LABEL: 'sealdesk',
    SEALDESK_PKCS11_PIN: 'pin-that-must-not-leak',
    SEALDESK_PKCS11_KEY_LABEL: 'sealdesk-root',
  };

  it('leaves the provider to the installation by default', () => {
    expect(loadConfig({}).rootKey).toEqual({
      provider: undefined,
      pkcs11: { module: undefined, token: undefined, pin: undefined, keyLabel: undefined },
    });
  });

  it('reads the PKCS#11 settings, by token label or by slot', () => {
    expect(loadConfig(pkcs11).rootKey).toEqual({
      provider: 'pkcs11',
      pkcs11: { module: '/usr/lib/softhsm/libsofthsm2.so', token: { label: 'sealdesk' }, pin: 'pin-that-must-not-leak', keyLabel: 'sealdesk-root' },
    });
    const { SEALDESK_PKCS11_TOKEN_LABEL: _label, ...bySlot } = pkcs11;
    expect(loadConfig({ ...bySlot, SEALDESK_PKCS11_SLOT: '3' }).rootKey.pkcs11.token).toEqual({ slot: 3 });
  });

  it.each([
    ['an unknown provider', { SEALDESK_ROOT_KEY_PROVIDER: 'kms' }, /^Invalid SEALDESK_ROOT_KEY_PROVIDER/],
    ['a token label and a slot', { ...pkcs11, SEALDESK_PKCS11_SLOT: '1' }, /not both/],
    ['a slot that is not a number', { SEALDESK_PKCS11_SLOT: 'first' }, /^Invalid SEALDESK_PKCS11_SLOT/],
    ['a token label over 32 bytes', { SEALDESK_PKCS11_TOKEN_LABEL: 'é'.repeat(17) }, /^Invalid SEALDESK_PKCS11_TOKEN_LABEL/],
    ['an empty PIN', { SEALDESK_PKCS11_PIN: '' }, /^Invalid SEALDESK_PKCS11_PIN: must not be empty/],
    ['PKCS#11 settings with the file provider', { ...pkcs11, SEALDESK_ROOT_KEY_PROVIDER: 'file' }, /SEALDESK_ROOT_KEY_PROVIDER is file/],
  ])('refuses %s as config_invalid, never quoting the PIN', (_name, environment, message) => {
    const error = (() => {
      try {
        loadConfig(environment);
      } catch (caught) {
        return caught as { code: string; userMessage: string; message: string };
      }
    })();
    expect(error).toMatchObject({ code: 'config_invalid', userMessage: expect.stringMatching(message) });
    expect(`${error!.userMessage} ${error!.message}`).not.toContain('pin-that-must-not-leak');
  });
});

showSkippedWithoutSoftHsm('an installation whose root key is on a PKCS#11 token');

describe.runIf(SOFTHSM.available)('an installation whose root key is on a PKCS#11 token', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sealdesk-pkcs11-install-'));
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
    await removeSoftHsmTokens();
  });

  it('sealdesk init creates the key on the token, records it, and writes no root.key; serve then runs on it', async () => {
    const dataDir = join(directory, 'hsm');
    const init = sealdesk(['init', '--data-dir', dataDir, '--json'], hsmEnvironment('sealdesk-root'));
    expect(init.status, init.stderr).toBe(0);
    const { apiKey } = JSON.parse(init.stdout);
    expect(await readdir(dataDir)).not.toContain('root.key');
    const marker = JSON.parse(await readFile(join(dataDir, 'installation.json'), 'utf8'));
    expect(marker.rootKey).toEqual({
      provider: 'pkcs11',
      module: token!.module,
      token: { label: token!.label },
      keyLabel: 'sealdesk-root',
      keyId: expect.stringMatching(/^pkcs11-[0-9a-f]{32}$/),
    });
    expect(JSON.stringify(marker)).not.toContain(token!.pin);

    // serve needs only the PIN: the rest is recorded in installation.json.
    const port = await freePort();
    const child = spawn(process.execPath, [...CLI, 'serve', '--data-dir', dataDir, '--port', String(port), '--host', '127.0.0.1'], {
      cwd: ROOT,
      env: { ...withoutSealdeskSettings(process.env), ...token!.env, SEALDESK_LOG_LEVEL: 'warn', SEALDESK_PKCS11_PIN: token!.pin },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      await waitForOutput(child, /Sealdesk is serving https:\/\/127\.0\.0\.1:\d+\/v1/);
      const ca = await readFile(join(dataDir, 'tls', 'cert.pem'));
      expect((await call(port, ca, 'GET', '/v1/health')).status).toBe(200);
      // A new tenant's key is wrapped on the token; its members and content go through it.
      const tenant = await call(port, ca, 'POST', '/v1/tenants', apiKey, { name: 'Acme' });
      expect(tenant.status, JSON.stringify(tenant.json)).toBe(201);
      const owner = await call(port, ca, 'POST', `/v1/tenants/${tenant.json.id}/members`, apiKey, {
        email: 'owner@acme.test',
        name: 'Owner',
        role: 'owner',
      });
      expect(owner.status, JSON.stringify(owner.json)).toBe(201);
      const conversation = await call(port, ca, 'POST', `/v1/tenants/${tenant.json.id}/conversations`, owner.json.apiKey, {
        contact: { email: 'jane@example.test', name: 'Jane' },
        message: { body: 'Sealed under the HSM' },
      });
      expect(conversation.status, JSON.stringify(conversation.json)).toBe(201);
      const read = await call(port, ca, 'GET', `/v1/conversations/${conversation.json.id}`, owner.json.apiKey);
      expect(read.status).toBe(200);
      expect(JSON.stringify(read.json)).toContain('Sealed under the HSM');
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('serve refuses, without a stack trace, a missing or wrong PIN and a contradicting provider', async () => {
    const dataDir = join(directory, 'refusals');
    expect(sealdesk(['init', '--data-dir', dataDir], hsmEnvironment('refusals-root')).status).toBe(0);
    const port = String(await freePort());
    const serve = (env: Record<string, string>) => sealdesk(['serve', '--data-dir', dataDir, '--port', port], { ...token!.env, ...env });

    const noPin = serve({});
    expect(noPin.status).toBe(1);
    expect(noPin.stderr).toBe('sealdesk: key_unavailable: The root key is on a PKCS#11 token: set SEALDESK_PKCS11_PIN.\n');
    const wrongPin = serve({ SEALDESK_PKCS11_PIN: 'not-the-pin-5512' });
    expect(wrongPin.stderr).toMatch(/^sealdesk: key_unavailable: PKCS#11 token "installations" refused the PIN/);
    expect(wrongPin.stderr).not.toContain('not-the-pin-5512');
    const fileProvider = serve({ SEALDESK_ROOT_KEY_PROVIDER: 'file' });
    expect(fileProvider.stderr).toMatch(/^sealdesk: config_invalid: This installation's root key is on a PKCS#11 token/);
    const noLibrary = serve({ SEALDESK_PKCS11_PIN: token!.pin, SEALDESK_PKCS11_MODULE: '/nonexistent/libpkcs11.so' });
    expect(noLibrary.stderr).toMatch(/^sealdesk: key_unavailable: Cannot load the PKCS#11 module \/nonexistent\/libpkcs11\.so/);
    for (const result of [noPin, wrongPin, fileProvider, noLibrary]) expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('init refuses incomplete settings and a key label already on the token, leaving nothing behind', async () => {
    const incomplete = sealdesk(['init', '--data-dir', join(directory, 'incomplete')], {
      ...hsmEnvironment('x'),
      SEALDESK_PKCS11_KEY_LABEL: '',
    });
    expect(incomplete.stderr).toMatch(/^sealdesk: config_invalid: Invalid SEALDESK_PKCS11_KEY_LABEL/);
    const { SEALDESK_PKCS11_MODULE: _module, ...withoutModule } = hsmEnvironment('x');
    expect(sealdesk(['init', '--data-dir', join(directory, 'incomplete')], withoutModule).stderr).toBe(
      'sealdesk: config_invalid: SEALDESK_ROOT_KEY_PROVIDER is pkcs11: set SEALDESK_PKCS11_MODULE.\n',
    );
    const withPassphrase = sealdesk(['init', '--data-dir', join(directory, 'incomplete')], {
      ...hsmEnvironment('x'),
      SEALDESK_ROOT_PASSPHRASE: 'correct horse battery staple',
    });
    expect(withPassphrase.stderr).toMatch(/^sealdesk: config_invalid: SEALDESK_ROOT_PASSPHRASE protects the local key file/);

    await (await createPkcs11RootKey(softHsmSettings(token!, 'already-there'))).close();
    const dataDir = join(directory, 'taken');
    const taken = sealdesk(['init', '--data-dir', dataDir], hsmEnvironment('already-there'));
    expect(taken.status).toBe(1);
    expect(taken.stderr).toMatch(/^sealdesk: already_initialised: token "installations" already holds an object labelled "already-there"/);
    expect(await readdir(dataDir)).toEqual([]);
    await (await openPkcs11RootKey(softHsmSettings(token!, 'already-there'))).close();
  });

  it('a failed init destroys the key it generated on the token', async () => {
    const dataDir = join(directory, 'failed');
    const init = initInstallation({
      dataDir,
      databaseUrl: 'postgres://sealdesk@127.0.0.1:1/unreachable',
      rootKey: rootKeyConfig('rolled-back'),
      clock: systemClock,
      ownerEmail: 'owner@operator.test',
      ownerName: 'Owner',
    });
    await expect(init).rejects.toThrow();
    await expect(openPkcs11RootKey(softHsmSettings(token!, 'rolled-back'))).rejects.toThrow(
      expect.objectContaining({ code: 'key_unavailable', userMessage: expect.stringMatching(/No key labelled "rolled-back"/) }),
    );
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('opens only the key whose id the installation recorded', async () => {
    const dataDir = join(directory, 'recorded');
    const options = { dataDir, clock: systemClock, ownerEmail: 'owner@operator.test', ownerName: 'Owner' };
    await initInstallation({ ...options, rootKey: rootKeyConfig('recorded-root') });
    const installation = await openInstallation({ ...options, rootKey: { provider: undefined, pkcs11: { ...rootKeyConfig('unused').pkcs11, keyLabel: undefined } } });
    await installation.close();

    await (await createPkcs11RootKey(softHsmSettings(token!, 'impostor'))).close();
    await expect(openInstallation({ ...options, rootKey: rootKeyConfig('impostor') })).rejects.toThrow(
      expect.objectContaining({ code: 'key_unavailable', userMessage: expect.stringMatching(/not this installation's root key/) }),
    );
  });
});
