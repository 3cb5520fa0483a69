import { mkdtemp, rm } from 'node:fs/promises';
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
  ROOT_KEY_CLI,
  rotateRootKey,
  runRootKeyRotation,
  startRootKeyRotation,
  type Installation,
} from '../../src/installation/index.js';
import { createSoftHsmToken, removeSoftHsmTokens, showSkippedWithoutSoftHsm, SOFTHSM, softHsmSettings } from '../support/softhsm.js';

// `keys rotate-root` with the root key on a SoftHSM2 token: a new key generated on the token.
const token = SOFTHSM.available ? await createSoftHsmToken('root-rotation') : undefined;

showSkippedWithoutSoftHsm('root key rotation on a PKCS#11 token');

describe.runIf(SOFTHSM.available)('root key rotation on a PKCS#11 token', { timeout: 120_000 }, () => {
  let directory: string;
  const dataDir = () => join(directory, 'source');
  const rootKey = () => ({ provider: 'pkcs11' as const, pkcs11: softHsmSettings(token!, 'rotated-root') });
  const open = () => openInstallation({ dataDir: dataDir(), rootKey: rootKey(), clock: systemClock });
  const withInstallation = async <T>(run: (installation: Installation) => Promise<T>): Promise<T> => {
    const installation = await open();
    try {
      return await run(installation);
    } finally {
      await installation.close();
    }
  };
  const tenantWraps = (installation: Installation) =>
    installation.store.db.selectFrom('wrapped_keys').select('wrapped_key').where('kind', '=', 'tenant').execute().then((rows) => rows.map((row) => installation.root.keyIdOf(Buffer.from(row.wrapped_key))));

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sealdesk-pkcs11-rotation-'));
    await initInstallation({ dataDir: dataDir(), rootKey: rootKey(), clock: systemClock, ownerEmail: 'owner@operator.test', ownerName: 'Owner' });
    await withInstallation((installation) => createBackup(installation, join(directory, 'before.sdb')));
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
    await removeSoftHsmTokens();
  });

  it('generates the new version on the token under a new label, re-wraps under it, and the installation reopens', async () => {
    const first = await withInstallation(async (installation) => installation.root.keyId);
    const rotation = await withInstallation((installation) => rotateRootKey(installation, { rootKey: rootKey() }));
    expect(rotation).toMatchObject({ rootKey: expect.stringMatching(/^pkcs11-[0-9a-f]{32}$/), previous: [first], resumed: false, rewrapped: 1 });
    const marker = await readMarker(join(dataDir(), 'installation.json'));
    expect(marker.rootKeyVersions).toEqual([
      { keyId: first, createdAt: marker.createdAt },
      { keyId: rotation.rootKey, createdAt: expect.any(String), keyLabel: 'rotated-root-2' },
    ]);
    const onToken = await openPkcs11RootKey(softHsmSettings(token!, 'rotated-root-2'));
    try {
      expect(onToken.keyId).toBe(rotation.rootKey);
    } finally {
      await onToken.close();
    }
    await withInstallation(async (installation) => {
      expect(installation.root.keyIds).toEqual([first, rotation.rootKey]);
      expect(new Set(await tenantWraps(installation))).toEqual(new Set([rotation.rootKey]));
      // The operator's keys open: the backup signing key is sealed under them.
      await createBackup(installation, join(directory, 'after.sdb'));
    });
  });

  it('backups made before and after restore from the token', async () => {
    for (const name of ['before', 'after']) {
      const restored = await restoreBackup({ file: join(directory, `${name}.sdb`), dataDir: join(directory, `restored-${name}`), rootKey: rootKey(), clock: systemClock });
      expect(restored.backupId).toMatch(/^bkp_/);
    }
  });

  it('refuses a key label already on the token, and makes nothing', async () => {
    const before = await readMarker(join(dataDir(), 'installation.json'));
    await withInstallation(async (installation) => {
      await expect(rotateRootKey(installation, { rootKey: rootKey(), keyLabel: 'rotated-root-2' })).rejects.toThrow(expect.objectContaining({ code: 'already_initialised' }));
    });
    expect(await readMarker(join(dataDir(), 'installation.json'))).toEqual(before);
  });

  it('a rotation asked for through the API makes the new key under the label asked for; a label in use fails the rotation, making nothing', async () => {
    const request = { requestId: 'req_test', channel: 'api' } as const;
    await withInstallation(async (installation) => {
      const deps = { installation, settings: { rootKey: rootKey() } };
      const previous = installation.root.keyId;
      const started = await startRootKeyRotation(deps, ROOT_KEY_CLI, request, { ticket: 'OPS-9', keyLabel: 'api-root' });
      const done = await runRootKeyRotation(deps, started.rotation.id);
      expect(done).toMatchObject({ status: 'completed', previous, rootKey: installation.root.keyId, progress: { rewrapped: 1 } });
      expect((await readMarker(join(dataDir(), 'installation.json'))).rootKeyVersions!.at(-1)).toMatchObject({ keyId: done.rootKey, keyLabel: 'api-root' });
      expect(new Set(await tenantWraps(installation))).toEqual(new Set([done.rootKey]));

      const before = await readMarker(join(dataDir(), 'installation.json'));
      const refused = await startRootKeyRotation(deps, ROOT_KEY_CLI, request, { ticket: 'OPS-10', keyLabel: 'api-root' });
      await expect(runRootKeyRotation(deps, refused.rotation.id)).rejects.toThrow(expect.objectContaining({ code: 'already_initialised' }));
      expect(await readMarker(join(dataDir(), 'installation.json'))).toEqual(before);
      const failed = await installation.store.db.selectFrom('root_key_rotations').selectAll().where('id', '=', refused.rotation.id).executeTakeFirstOrThrow();
      expect(failed).toMatchObject({ status: 'failed', error_code: 'already_initialised', root_key: null, lease_until: null });
    });
  });
});
