import { mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackup, restoreBackup } from '../../src/backup/index.js';
import { systemClock } from '../../src/common/index.js';
import { openPkcs11RootKey } from '../../src/crypto/index.js';
import {
  initInstallation,
  openInstallation,
  readMarker,
  retireRootKey,
  ROOT_KEY_CLI,
  rotateRootKey,
  runRootKeyRotation,
  startRootKeyRotation,
  type Installation,
} from '../../src/installation/index.js';
import { serveInstallation, type RunningServer } from '../support/running-server.js';
import { sealdesk } from '../support/sealdesk-cli.js';
import { createSoftHsmToken, removeSoftHsmTokens, showSkippedWithoutSoftHsm, SOFTHSM, softHsmSettings } from '../support/softhsm.js';

// `keys rotate-root --to-provider`: the root key moved from the key file `init` makes to a
// SoftHSM2 token and back, as rotations whose new version the other provider makes.
const token = SOFTHSM.available ? await createSoftHsmToken('root-move') : undefined;
const MOVED_LABEL = 'moved-root';
const PASSPHRASE = 'a passphrase for the way back';

/** This process's environment without any root key or database setting, with `settings` (undefined ones left out) and the token's SoftHSM2 configuration. */
function cliEnv(settings: Readonly<Record<string, string | undefined>>): NodeJS.ProcessEnv {
  const clean = Object.entries(process.env).filter(([name]) => !/^SEALDESK_(ROOT_|PKCS11_|DATABASE_URL)/.test(name));
  const given = Object.entries(settings).filter(([, value]) => value !== undefined);
  return { ...Object.fromEntries([...clean, ...given]), ...token!.env, SEALDESK_LOG_LEVEL: 'warn' };
}

/** The token's settings as `init` reads them: SEALDESK_PKCS11_*, not SEALDESK_ROOT_KEY_PROVIDER. */
function pkcs11Env(overrides: Readonly<Record<string, string | undefined>> = {}): Record<string, string | undefined> {
  return {
    SEALDESK_PKCS11_MODULE: token!.module,
    SEALDESK_PKCS11_TOKEN_LABEL: token!.label,
    SEALDESK_PKCS11_PIN: token!.pin,
    SEALDESK_PKCS11_KEY_LABEL: MOVED_LABEL,
    ...overrides,
  };
}

/** The same settings as `loadConfig` gives them; `provider` is SEALDESK_ROOT_KEY_PROVIDER. */
function tokenSettings(provider?: 'pkcs11' | 'file', keyLabel = MOVED_LABEL) {
  return { provider, pkcs11: softHsmSettings(token!, keyLabel) };
}

/** The root key version that wraps each tenant key version. */
async function tenantWraps(installation: Installation): Promise<string[]> {
  const rows = await installation.store.db.selectFrom('wrapped_keys').select('wrapped_key').where('kind', '=', 'tenant').execute();
  return rows.map((row) => installation.root.keyIdOf(Buffer.from(row.wrapped_key)));
}

async function rootRotatedEntries(installation: Installation) {
  const rows = await installation.store.db.selectFrom('audit_entries').select('body').where('log_id', '=', 'operator').where('action', '=', 'key.root-rotated').execute();
  return rows.map((row) => JSON.parse(String(row.body)));
}

showSkippedWithoutSoftHsm('moving the root key between the key file and a PKCS#11 token');
afterAll(() => removeSoftHsmTokens());

describe.runIf(SOFTHSM.available)('moving the root key from the key file to a PKCS#11 token and back', { timeout: 180_000 }, () => {
  let directory: string;
  let server: RunningServer;
  let operatorKey: string;
  let fileKey: string;
  let tokenKey: string;
  const tenants: { id: string; owner: string }[] = [];
  const conversations = new Map<string, { owner: string; body: string }>();
  let beforeMove: string[];
  let beforeBackupAfter: string[];
  const path = (name: string) => join(directory, name);
  const dataDir = () => path('source');
  const marker = () => readMarker(join(dataDir(), 'installation.json'));
  const rotateRoot = (args: readonly string[], settings: Readonly<Record<string, string | undefined>>) =>
    sealdesk(['keys', 'rotate-root', '--data-dir', dataDir(), ...args], cliEnv(settings));

  const addTenant = async (name: string) => {
    const id = (await server.call('POST', '/v1/tenants', { token: operatorKey, body: { name } })).json.id;
    const owner = (await server.call('POST', `/v1/tenants/${id}/members`, { token: operatorKey, body: { email: `owner@${name.toLowerCase()}.test`, name: 'Owner', role: 'owner' } })).json.apiKey;
    tenants.push({ id, owner });
    return { id, owner };
  };
  const converse = async (tenant: { id: string; owner: string }, n: number): Promise<string | undefined> => {
    const body = `order ${n} has not arrived`;
    const created = await server.call('POST', `/v1/tenants/${tenant.id}/conversations`, { token: tenant.owner, body: { contact: { email: `c${n}@example.test`, name: `C ${n}` }, message: { body } } });
    if (created.status !== 201) return `create ${n}: ${created.status} ${created.text}`;
    conversations.set(created.json.id, { owner: tenant.owner, body });
    return undefined;
  };
  const expectReadable = async (via: RunningServer, ids: readonly string[] = [...conversations.keys()]) => {
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      const { owner, body } = conversations.get(id)!;
      const read = await via.call('GET', `/v1/conversations/${id}`, { token: owner });
      expect(read.status, read.text).toBe(200);
      expect(read.json.messages[0].body).toBe(body);
    }
  };

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sealdesk-root-move-'));
    const init = await initInstallation({ dataDir: dataDir(), clock: systemClock, ownerEmail: 'owner@operator.test', ownerName: 'Owner' });
    operatorKey = init.apiKey;
    // serve is given the token's settings before the move, so it opens the token version at its next wrap.
    server = await serveInstallation(dataDir(), undefined, operatorKey, { rootKey: tokenSettings() });
    fileKey = server.installation.root.keyId;
    for (const name of ['Acme', 'Globex']) {
      const tenant = await addTenant(name);
      for (let n = 0; n < 2; n++) expect(await converse(tenant, tenants.length * 10 + n)).toBeUndefined();
    }
    beforeMove = [...conversations.keys()];
    await createBackup(server.installation, path('before.sdb'));
  });

  afterAll(async () => {
    await server?.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it('refuses a move to the token without its PIN, library or key label, naming the variable, and makes nothing', async () => {
    const before = await marker();
    for (const variable of ['SEALDESK_PKCS11_PIN', 'SEALDESK_PKCS11_MODULE', 'SEALDESK_PKCS11_KEY_LABEL']) {
      const refused = await rotateRoot(['--to-provider', 'pkcs11'], pkcs11Env({ [variable]: undefined }));
      expect(refused.status, refused.stderr).toBe(1);
      expect(refused.stderr).toMatch(new RegExp(`^sealdesk: config_invalid: The new root key version is on a PKCS#11 token: set ${variable}\\b`));
    }
    expect(await marker()).toEqual(before);
    expect((await readdir(dataDir())).filter((name) => name.endsWith('.key'))).toEqual(['root.key']);
    await expect(openPkcs11RootKey(softHsmSettings(token!, MOVED_LABEL))).rejects.toThrow(expect.objectContaining({ code: 'key_unavailable' }));
  });

  it('moves the root key to the token while serve reads and writes; every tenant key version ends up wrapped by the token version', async () => {
    const failures: string[] = [];
    let moving = true;
    const traffic = (async () => {
      for (let n = 100; moving || n < 103; n++) {
        const failed = await converse(tenants[0]!, n);
        if (failed !== undefined) failures.push(failed);
        const read = await server.call('GET', `/v1/conversations/${beforeMove[0]}`, { token: tenants[0]!.owner });
        if (read.status !== 200) failures.push(`read: ${read.status} ${read.text}`);
      }
    })();
    const moved = await rotateRoot(['--to-provider', 'pkcs11', '--ticket', 'OPS-21'], pkcs11Env()).finally(() => (moving = false));
    await traffic;
    expect(moved.status, moved.stderr).toBe(0);
    const result = JSON.parse(moved.stdout);
    tokenKey = result.rootKey;
    expect(result).toMatchObject({ rootKey: expect.stringMatching(/^pkcs11-[0-9a-f]{32}$/), provider: 'pkcs11', previous: [fileKey], resumed: false, customerManaged: 0 });
    expect(failures).toEqual([]);

    // installation.json keeps the key file as the first version and says where the new one is.
    const recorded = await marker();
    expect(recorded.rootKey).toEqual({ provider: 'file' });
    expect(recorded.rootKeyVersions).toEqual([
      { keyId: fileKey, createdAt: recorded.createdAt },
      { keyId: tokenKey, createdAt: expect.any(String), keyLabel: MOVED_LABEL, location: { provider: 'pkcs11', module: token!.module, token: { label: token!.label } } },
    ]);
    const onToken = await openPkcs11RootKey(softHsmSettings(token!, MOVED_LABEL));
    try {
      expect(onToken.keyId).toBe(tokenKey);
    } finally {
      await onToken.close();
    }

    // serve took the token version up: the operator's and both tenants' keys are under it, and so is a new tenant's.
    await server.installation.root.reload();
    expect(server.installation.root.keyIds).toEqual([fileKey, tokenKey]);
    expect(await converse(await addTenant('Initech'), 200)).toBeUndefined();
    const wraps = await tenantWraps(server.installation);
    expect(wraps.length).toBeGreaterThanOrEqual(4);
    expect(new Set(wraps)).toEqual(new Set([tokenKey]));
    await expectReadable(server);

    const [entry] = await rootRotatedEntries(server.installation);
    expect(entry).toMatchObject({
      actor: { kind: 'system', role: 'system:keys-rotate-root' },
      reason: { ticket: 'OPS-21' },
      details: { rootKey: tokenKey, previous: fileKey, provider: 'pkcs11', previousProvider: 'file' },
    });
    await createBackup(server.installation, path('after.sdb'));
    beforeBackupAfter = [...conversations.keys()];
  });

  it('opens with the PIN and the key file; with the key file retired and root.key gone, with the PKCS#11 settings alone', async () => {
    await server.stop();
    const both = await openInstallation({ dataDir: dataDir(), rootKey: tokenSettings(), clock: systemClock });
    try {
      expect(both.root.keyIds).toEqual([fileKey, tokenKey]);
    } finally {
      await both.close();
    }
    await expect(openInstallation({ dataDir: dataDir(), clock: systemClock })).rejects.toThrow(expect.objectContaining({ code: 'key_unavailable', userMessage: expect.stringMatching(/set SEALDESK_PKCS11_PIN/) }));
    await expect(openInstallation({ dataDir: dataDir(), rootKey: tokenSettings('file'), clock: systemClock })).rejects.toThrow(
      expect.objectContaining({ code: 'config_invalid', userMessage: "This installation's root key is on a PKCS#11 token, but SEALDESK_ROOT_KEY_PROVIDER is file." }),
    );

    const retired = await sealdesk(['keys', 'retire-root', '--data-dir', dataDir(), '--key-id', fileKey, '--ticket', 'OPS-22'], cliEnv(pkcs11Env()));
    expect(retired.status, retired.stderr).toBe(0);
    await rename(join(dataDir(), 'root.key'), path('offline-root.key'));

    await expect(openInstallation({ dataDir: dataDir(), rootKey: tokenSettings('pkcs11'), rootPassphrase: PASSPHRASE, clock: systemClock })).rejects.toThrow(
      expect.objectContaining({ code: 'config_invalid', userMessage: expect.stringMatching(/^SEALDESK_ROOT_PASSPHRASE protects the local key file/) }),
    );
    const status = await sealdesk(['keys', 'root-status', '--data-dir', dataDir()], cliEnv({ SEALDESK_ROOT_KEY_PROVIDER: 'pkcs11', ...pkcs11Env() }));
    expect(status.status, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      rootKey: tokenKey,
      provider: 'pkcs11',
      versions: [
        { keyId: fileKey, provider: 'file', retiredAt: expect.any(String), wraps: 0 },
        { keyId: tokenKey, provider: 'pkcs11', retiredAt: null },
      ],
    });
    server = await serveInstallation(dataDir(), undefined, operatorKey, { rootKey: tokenSettings('pkcs11') });
    expect(server.installation.root.keyIds).toEqual([tokenKey]);
    await expectReadable(server);
  });

  it('restores a backup from before the move with --root-key the key file, and one from after with the PKCS#11 settings', async () => {
    const subjectKeys = join(dataDir(), 'subject-keys.db');
    await restoreBackup({ file: path('before.sdb'), dataDir: path('restored-before'), rootKeyFile: path('offline-root.key'), subjectKeys, clock: systemClock });
    const before = await serveInstallation(path('restored-before'), undefined, operatorKey);
    try {
      expect(before.installation.root.keyIds).toEqual([fileKey]);
      await expectReadable(before, beforeMove);
    } finally {
      await before.stop();
    }

    await expect(restoreBackup({ file: path('after.sdb'), dataDir: path('restored-refused'), rootKeyFile: path('offline-root.key'), clock: systemClock })).rejects.toThrow(
      expect.objectContaining({ code: 'config_invalid', userMessage: expect.stringMatching(/^This backup's root key is on a PKCS#11 token/) }),
    );
    await restoreBackup({ file: path('after.sdb'), dataDir: path('restored-after'), rootKey: tokenSettings(), subjectKeys, clock: systemClock });
    expect(await readdir(path('restored-after'))).not.toContain('root.key');
    // No key file is restored: its version is retired in the restored marker.
    const restoredVersions = (await readMarker(path('restored-after/installation.json'))).rootKeyVersions!;
    expect(restoredVersions.map((version) => [version.keyId, version.retiredAt === undefined])).toEqual([
      [fileKey, false],
      [tokenKey, true],
    ]);
    const after = await serveInstallation(path('restored-after'), undefined, operatorKey, { rootKey: tokenSettings() });
    try {
      expect(after.installation.root.keyIds).toEqual([tokenKey]);
      await expectReadable(after, beforeBackupAfter);
    } finally {
      await after.stop();
    }
  });

  it('moves back from the token to a key file, and opens with the key file alone once the token version is retired', async () => {
    await server.stop();
    const back = await rotateRoot(['--to-provider', 'file', '--ticket', 'OPS-23'], { SEALDESK_ROOT_KEY_PROVIDER: 'pkcs11', SEALDESK_ROOT_PASSPHRASE: PASSPHRASE, ...pkcs11Env() });
    expect(back.status, back.stderr).toBe(0);
    const result = JSON.parse(back.stdout);
    const newFileKey: string = result.rootKey;
    expect(result).toMatchObject({ rootKey: expect.stringMatching(/^root-[0-9a-f]{16}$/), provider: 'file', previous: [tokenKey], resumed: false });
    expect((await stat(join(dataDir(), `${newFileKey}.key`))).mode & 0o777).toBe(0o600);
    // The first version is a key file too, so the new one needs no location.
    expect((await marker()).rootKeyVersions!.at(-1)).toEqual({ keyId: newFileKey, createdAt: expect.any(String) });

    const both = await openInstallation({ dataDir: dataDir(), rootKey: tokenSettings(), rootPassphrase: PASSPHRASE, clock: systemClock });
    try {
      expect(both.root.keyIds).toEqual([tokenKey, newFileKey]);
      expect(new Set(await tenantWraps(both))).toEqual(new Set([newFileKey]));
      expect((await rootRotatedEntries(both)).at(-1)).toMatchObject({ reason: { ticket: 'OPS-23' }, details: { rootKey: newFileKey, previous: tokenKey, provider: 'file', previousProvider: 'pkcs11' } });
      await retireRootKey(both, tokenKey);
    } finally {
      await both.close();
    }
    server = await serveInstallation(dataDir(), undefined, operatorKey, { rootPassphrase: PASSPHRASE });
    expect(server.installation.root.keyIds).toEqual([newFileKey]);
    await expectReadable(server);
  });
});

describe.runIf(SOFTHSM.available)('moving a root key made on a PKCS#11 token to a key file', { timeout: 120_000 }, () => {
  let directory: string;
  const path = (name: string) => join(directory, name);
  const bornOnToken = () => tokenSettings(undefined, 'born-on-token');

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sealdesk-root-move-back-'));
    await initInstallation({ dataDir: path('source'), rootKey: { ...bornOnToken(), provider: 'pkcs11' }, clock: systemClock, ownerEmail: 'owner@operator.test', ownerName: 'Owner' });
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('records the key file version\'s location, opens without the PIN once the token version is retired, and a backup from after restores with the key file', async () => {
    const settings = { rootKey: bornOnToken(), rootPassphrase: PASSPHRASE };
    const installation = await openInstallation({ dataDir: path('source'), ...settings, movingRootKeyTo: 'file', clock: systemClock });
    let first: string;
    let moved: string;
    let byApi: string;
    try {
      first = installation.root.keyId;
      const rotation = await rotateRootKey(installation, { ...settings, toProvider: 'file' });
      moved = rotation.rootKey;
      expect(rotation).toMatchObject({ provider: 'file', previous: [first], resumed: false, rewrapped: 1 });
      expect((await readMarker(path('source/installation.json'))).rootKeyVersions).toEqual([
        { keyId: first, createdAt: expect.any(String) },
        { keyId: moved, createdAt: expect.any(String), location: { provider: 'file' } },
      ]);
      await createBackup(installation, path('after.sdb'));
      await retireRootKey(installation, first);

      // A rotation through the API keeps the newest version's provider: another key file.
      const deps = { installation, settings };
      const started = await startRootKeyRotation(deps, ROOT_KEY_CLI, { requestId: 'req_test', channel: 'api' }, { ticket: 'OPS-30' });
      const done = await runRootKeyRotation(deps, started.rotation.id);
      expect(done).toMatchObject({ status: 'completed', previous: moved, rootKey: expect.stringMatching(/^root-[0-9a-f]{16}$/) });
      byApi = done.rootKey!;
      expect((await readMarker(path('source/installation.json'))).rootKeyVersions!.at(-1)).toEqual({ keyId: byApi, createdAt: expect.any(String), location: { provider: 'file' } });
    } finally {
      await installation.close();
    }
    const fileOnly = await openInstallation({ dataDir: path('source'), rootPassphrase: PASSPHRASE, clock: systemClock });
    try {
      expect(fileOnly.root.keyIds).toEqual([moved, byApi]);
    } finally {
      await fileOnly.close();
    }

    await restoreBackup({ file: path('after.sdb'), dataDir: path('restored'), rootKeyFile: path(`source/${moved}.key`), rootPassphrase: PASSPHRASE, clock: systemClock });
    const restoredMarker = await readMarker(path('restored/installation.json'));
    expect(restoredMarker.rootKey).toEqual({ provider: 'file' });
    expect(restoredMarker.rootKeyVersions).toBeUndefined();
    const restored = await openInstallation({ dataDir: path('restored'), rootPassphrase: PASSPHRASE, clock: systemClock });
    try {
      expect(restored.root.keyIds).toEqual([moved]);
    } finally {
      await restored.close();
    }
  });
});
