import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/common/index.js';
import { openInstallation } from '../../src/installation/index.js';
import { createSoftHsmToken, removeSoftHsmTokens, showSkippedWithoutSoftHsm, SOFTHSM } from '../support/softhsm.js';

// Backups of an installation whose root key is on a SoftHSM2 token, through the real CLI.
const ROOT = resolve(import.meta.dirname, '../..');
const token = SOFTHSM.available ? await createSoftHsmToken('backups') : undefined;
const KEY_LABEL = 'backup-root';

function hsmEnvironment(pin = token!.pin): Record<string, string> {
  return {
    ...token!.env,
    SEALDESK_ROOT_KEY_PROVIDER: 'pkcs11',
    SEALDESK_PKCS11_MODULE: token!.module,
    SEALDESK_PKCS11_TOKEN_LABEL: token!.label,
    SEALDESK_PKCS11_PIN: pin,
    SEALDESK_PKCS11_KEY_LABEL: KEY_LABEL,
  };
}

function sealdesk(args: string[], env: Record<string, string>) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^SEALDESK_(ROOT_|PKCS11_|DATABASE_URL)/.test(name)));
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT,
    env: { ...clean, SEALDESK_LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

showSkippedWithoutSoftHsm('backups with a PKCS#11 root key');

describe.runIf(SOFTHSM.available)('backups with a PKCS#11 root key', { timeout: 120_000 }, () => {
  let directory: string;
  const path = (name: string) => join(directory, name);

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sealdesk-backup-hsm-'));
    const init = sealdesk(['init', '--data-dir', path('source')], hsmEnvironment());
    expect(init.status, init.stderr).toBe(0);
    const created = sealdesk(['backup', 'create', '--data-dir', path('source'), '--out', path('hsm.sdb')], hsmEnvironment());
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/wrapped by root key pkcs11-[0-9a-f]+/);
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
    await removeSoftHsmTokens();
  });

  it('verifies with no key provider at all', () => {
    const verified = sealdesk(['backup', 'verify', path('hsm.sdb'), '--public-key', path('hsm.sdb.pub')], {});
    expect(verified.status, verified.stderr).toBe(0);
    expect(verified.stdout).toContain('The backup verifies.');
  });

  it('refuses a restore without the PIN, with a wrong PIN, or with a key file, and leaves nothing', async () => {
    const noPin = sealdesk(['backup', 'restore', path('hsm.sdb'), '--data-dir', path('restored')], {});
    expect(noPin.status).toBe(1);
    expect(noPin.stderr).toMatch(/^sealdesk: key_unavailable: The root key is on a PKCS#11 token: set SEALDESK_PKCS11_PIN\./);
    const wrongPin = sealdesk(['backup', 'restore', path('hsm.sdb'), '--data-dir', path('restored')], hsmEnvironment('0000-wrong-0000'));
    expect(wrongPin.status).toBe(1);
    expect(wrongPin.stderr).toMatch(/key_unavailable: PKCS#11 token "backups" refused the PIN/);
    const keyFile = sealdesk(['backup', 'restore', path('hsm.sdb'), '--data-dir', path('restored'), '--root-key', path('hsm.sdb.pub')], {});
    expect(keyFile.stderr).toMatch(/config_invalid: This backup's root key is on a PKCS#11 token/);
    await expect(stat(path('restored'))).rejects.toThrow();
    expect((await readdir(directory)).filter((name) => name.includes('restoring'))).toEqual([]);
  });

  it('restores with the token settings into an installation that opens on the same token key', async () => {
    const restored = sealdesk(['backup', 'restore', path('hsm.sdb'), '--data-dir', path('restored')], hsmEnvironment());
    expect(restored.status, restored.stderr).toBe(0);
    expect(await readdir(path('restored'))).not.toContain('root.key');
    const settings = { provider: 'pkcs11' as const, pkcs11: { module: token!.module, token: { label: token!.label }, pin: token!.pin, keyLabel: KEY_LABEL } };
    const installation = await openInstallation({ dataDir: path('restored'), rootKey: settings, clock: systemClock });
    try {
      const actions = (await installation.audit.read('operator', 0, await installation.audit.size('operator'))).map((entry) => entry.event.action);
      expect(actions).toEqual(expect.arrayContaining(['installation.initialised', 'backup.created', 'backup.restored']));
    } finally {
      await installation.close();
    }
  });
});
