import { rename, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackup } from '../../src/backup/index.js';
import { systemClock } from '../../src/common/index.js';
import { openInstallation, readMarker, rotateRootKey } from '../../src/installation/index.js';
import { serveInstallation, startRunningServer, type RunningServer } from '../support/running-server.js';
import { envWith, sealdesk } from '../support/sealdesk-cli.js';
import { testDatabases } from '../support/test-databases.js';

const databases = await testDatabases();

describe.each(databases)('root key rotation on $dialect', { timeout: 120_000 }, (database) => {
  let directory: string;
  let server: RunningServer;
  let source: { dataDir: string; databaseUrl: string | undefined; drop(): Promise<void> };
  const targets: { drop(): Promise<void> }[] = [];
  let tenantId: string;
  let owner: string;
  let firstKey: string;
  let secondKey: string;
  const bodies = new Map<string, string>();
  /** The conversations the backup made before the rotation holds. */
  let beforeIds: string[];
  /** Another tenant, whose keys a tenant-level rotation renews after the root key rotation. */
  let other: string;
  let otherOwner: string;
  let otherConversation: string;
  const failures: string[] = [];
  const env = () => envWith({ SEALDESK_DATABASE_URL: source.databaseUrl });
  const path = (name: string) => join(directory, name);

  const converse = async (n: number) => {
    const body = `parcel ${n} is late`;
    const created = await server.call('POST', `/v1/tenants/${tenantId}/conversations`, { token: owner, body: { contact: { email: `c${n}@example.test`, name: `C ${n}` }, message: { body } } });
    if (created.status !== 201) failures.push(`create ${n}: ${created.status} ${created.text}`);
    else bodies.set(created.json.id, body);
  };

  /** Reads every conversation written so far through `via`; each must answer 200 with its text. */
  const expectAllReadable = async (via: RunningServer) => {
    for (const [id, body] of bodies) {
      const read = await via.call('GET', `/v1/conversations/${id}`, { token: owner });
      expect(read.status, read.text).toBe(200);
      expect(read.json.messages[0].body).toBe(body);
    }
  };

  /** The root key version that wraps each tenant key version, as `scope/version → key id`. */
  const wrappers = async () => {
    const rows = await server.installation.store.db.selectFrom('wrapped_keys').select(['scope', 'version', 'wrapped_key']).where('kind', '=', 'tenant').execute();
    return new Map(rows.map((row) => [`${row.scope}/${row.version}`, server.installation.root.keyIdOf(Buffer.from(row.wrapped_key))]));
  };

  const backup = async (name: string) => {
    const installation = await openInstallation({ dataDir: source.dataDir, databaseUrl: source.databaseUrl, clock: systemClock });
    try {
      return await createBackup(installation, path(name));
    } finally {
      await installation.close();
    }
  };

  /** `sealdesk backup restore FILE --data-dir TARGET --root-key KEYFILE` (into a new PostgreSQL database on PostgreSQL). */
  const restore = async (file: string, target: string, rootKey: string) => {
    let databaseUrl: string | undefined;
    if (database.dialect === 'postgres') {
      const created = await database.create();
      targets.push(created);
      databaseUrl = (created.location as { databaseUrl: string }).databaseUrl;
    }
    const args = ['backup', 'restore', path(file), '--data-dir', path(target), '--root-key', rootKey, '--subject-keys', join(source.dataDir, 'subject-keys.db')];
    const result = await sealdesk(databaseUrl === undefined ? args : [...args, '--database-url', databaseUrl], {});
    return { ...result, databaseUrl };
  };

  /** Serves a restored data directory and reads the conversations `ids` through it. */
  const expectRestoredReadable = async (target: string, databaseUrl: string | undefined, ids: readonly string[]) => {
    const restored = await serveInstallation(path(target), databaseUrl, server.operatorKey);
    try {
      for (const id of ids) {
        const read = await restored.call('GET', `/v1/conversations/${id}`, { token: owner });
        expect(read.status, read.text).toBe(200);
        expect(read.json.messages[0].body).toBe(bodies.get(id));
      }
    } finally {
      await restored.stop();
    }
  };

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sealdesk-root-rotation-'));
    const created = await database.create();
    source = { dataDir: path('source'), databaseUrl: 'databaseUrl' in created.location ? created.location.databaseUrl : undefined, drop: created.drop };
    server = await startRunningServer(source.dataDir, source.databaseUrl);
    firstKey = server.installation.root.keyId;
    tenantId = (await server.call('POST', '/v1/tenants', { token: server.operatorKey, body: { name: 'Acme' } })).json.id;
    owner = (await server.call('POST', `/v1/tenants/${tenantId}/members`, { token: server.operatorKey, body: { email: 'o@a.test', name: 'O', role: 'owner' } })).json.apiKey;
    for (let n = 0; n < 4; n++) await converse(n);
    beforeIds = [...bodies.keys()];
    other = await server.call('POST', '/v1/tenants', { token: server.operatorKey, body: { name: 'Globex' } }).then((created) => created.json.id);
    otherOwner = (await server.call('POST', `/v1/tenants/${other}/members`, { token: server.operatorKey, body: { email: 'o@g.test', name: 'O', role: 'owner' } })).json.apiKey;
    const conversation = await server.call('POST', `/v1/tenants/${other}/conversations`, { token: otherOwner, body: { contact: { email: 'g@example.test', name: 'G' }, message: { body: 'globex order' } } });
    otherConversation = conversation.json.id;
    await backup('before.sdb');
  });

  afterAll(async () => {
    await server?.stop();
    await source?.drop();
    for (const target of targets) await target.drop();
    await rm(directory, { recursive: true, force: true });
  });

  it('rotates the root key while serve reads and writes; no request fails; every tenant key version ends up under the new version', async () => {
    let rotating = true;
    const traffic = (async () => {
      for (let n = 10; rotating || n < 14; n++) {
        await converse(n);
        const [id] = bodies.keys();
        const read = await server.call('GET', `/v1/conversations/${id}`, { token: owner });
        if (read.status !== 200) failures.push(`read: ${read.status} ${read.text}`);
      }
    })();
    const rotated = await sealdesk(['keys', 'rotate-root', '--data-dir', source.dataDir, '--ticket', 'OPS-1'], env()).finally(() => (rotating = false));
    await traffic;
    expect(rotated.status, rotated.stderr).toBe(0);
    const result = JSON.parse(rotated.stdout);
    secondKey = result.rootKey;
    expect(result).toEqual({ rootKey: expect.stringMatching(/^root-[0-9a-f]{16}$/), provider: 'file', previous: [firstKey], resumed: false, rewrapped: 3, customerManaged: 0, passes: 2 });
    expect(secondKey).not.toBe(firstKey);
    expect(failures).toEqual([]);

    const marker = await readMarker(join(source.dataDir, 'installation.json'));
    expect(marker.rootKeyVersions).toEqual([
      { keyId: firstKey, createdAt: marker.createdAt },
      { keyId: secondKey, createdAt: expect.any(String) },
    ]);
    expect((await stat(join(source.dataDir, `${secondKey}.key`))).mode & 0o777).toBe(0o600);
    expect(new Set((await wrappers()).values())).toEqual(new Set([secondKey]));

    const audit = await server.installation.store.db.selectFrom('audit_entries').select('body').where('log_id', '=', 'operator').where('action', '=', 'key.root-rotated').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(String(audit[0]!.body))).toMatchObject({ actor: { kind: 'system', role: 'system:keys-rotate-root' }, reason: { ticket: 'OPS-1' }, details: { rootKey: secondKey, previous: firstKey } });
  });

  it('serve goes on: it opens tenant keys another process wrapped under the new version, and wraps new tenants\' keys with it', async () => {
    // A tenant-level rotation from the CLI makes Globex's tenant key v2 under the new root key
    // version and re-encrypts its data under it; serve has never met that root key version.
    // (Acme's keys stay as they were: the backup made before restores them with today's vault.)
    const rotated = await sealdesk(['keys', 'rotate', '--data-dir', source.dataDir, '--tenant', other], env());
    expect(rotated.status, rotated.stderr).toBe(0);
    expect((await wrappers()).get(`${other}/2`)).toBe(secondKey);
    const read = await server.call('GET', `/v1/conversations/${otherConversation}`, { token: otherOwner });
    expect(read.status, read.text).toBe(200);
    expect(read.json.messages[0].body).toBe('globex order');

    const created = await server.call('POST', '/v1/tenants', { token: server.operatorKey, body: { name: 'Hooli' } });
    expect(created.status, created.text).toBe(201);
    expect((await wrappers()).get(`${created.json.id}/1`)).toBe(secondKey);
    await converse(30);
    await expectAllReadable(server);
    expect(failures).toEqual([]);

    const restarted = await serveInstallation(source.dataDir, source.databaseUrl, server.operatorKey);
    try {
      await expectAllReadable(restarted);
    } finally {
      await restarted.stop();
    }
  });

  it('a backup made before the rotation restores with root.key; one made after with the new key file, and refuses root.key', async () => {
    const before = await restore('before.sdb', 'restored-before', join(source.dataDir, 'root.key'));
    expect(before.status, before.stderr).toBe(0);
    await expectRestoredReadable('restored-before', before.databaseUrl, beforeIds);

    const after = await backup('after.sdb');
    expect(after.rootKeyId).toBe(secondKey);
    const wrongKey = await restore('after.sdb', 'refused', join(source.dataDir, 'root.key'));
    expect(wrongKey.status).toBe(1);
    expect(wrongKey.stderr).toBe(`sealdesk: key_unavailable: This backup's key is wrapped by root key ${secondKey}; the key given is ${firstKey}.\n`);
    const restored = await restore('after.sdb', 'restored-after', join(source.dataDir, `${secondKey}.key`));
    expect(restored.status, restored.stderr).toBe(0);
    await expectRestoredReadable('restored-after', restored.databaseUrl, [...bodies.keys()]);
  });

  it('an interrupted re-wrap resumes without a new version; retire-root refuses a version in use, the newest and an unknown one', async () => {
    for (const name of ['Initech', 'Umbrella']) expect((await server.call('POST', '/v1/tenants', { token: server.operatorKey, body: { name } })).status).toBe(201);
    const installation = await openInstallation({ dataDir: source.dataDir, databaseUrl: source.databaseUrl, clock: systemClock });
    let thirdKey: string;
    try {
      const interrupted = rotateRootKey(installation, {
        batchSize: 2,
        onProgress: () => {
          throw new Error('interrupted');
        },
      });
      await expect(interrupted).rejects.toThrow('interrupted');
      thirdKey = installation.root.keyId;
    } finally {
      await installation.close();
    }
    expect(thirdKey).not.toBe(secondKey);
    const during = [...(await wrappers()).values()];
    expect(during.filter((keyId) => keyId === thirdKey)).toHaveLength(2);
    const left = during.filter((keyId) => keyId === secondKey).length;
    expect(left).toBeGreaterThan(0);

    const inUse = await sealdesk(['keys', 'retire-root', '--data-dir', source.dataDir, '--key-id', secondKey], env());
    expect(inUse.status).toBe(1);
    expect(inUse.stderr).toBe(`sealdesk: root_key_in_use: ${secondKey} still wraps ${left} tenant key version(s); finish the re-wrap with "sealdesk keys rotate-root" first.\n`);

    const resumed = await sealdesk(['keys', 'rotate-root', '--data-dir', source.dataDir], env());
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ rootKey: thirdKey, previous: [firstKey, secondKey], resumed: true, rewrapped: left });
    expect(new Set((await wrappers()).values())).toEqual(new Set([thirdKey]));
    await expectAllReadable(server);
    expect(failures).toEqual([]);

    const newest = await sealdesk(['keys', 'retire-root', '--data-dir', source.dataDir, '--key-id', thirdKey], env());
    expect(newest.stderr).toBe(`sealdesk: root_key_in_use: ${thirdKey} is the newest root key version: it wraps new keys.\n`);
    const unknown = await sealdesk(['keys', 'retire-root', '--data-dir', source.dataDir, '--key-id', 'root-0000000000000000'], env());
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/^sealdesk: invalid_request: installation.json lists no root key version root-0000000000000000/);
  });

  it('retires the old versions: the installation opens without their files, and old backups still restore with them', async () => {
    for (const keyId of [firstKey, secondKey]) {
      const retired = await sealdesk(['keys', 'retire-root', '--data-dir', source.dataDir, '--key-id', keyId], env());
      expect(retired.status, retired.stderr).toBe(0);
    }
    const marker = await readMarker(join(source.dataDir, 'installation.json'));
    expect(marker.rootKeyVersions!.map((version) => version.retiredAt !== undefined)).toEqual([true, true, false]);
    const offline = path('offline-root.key');
    await rename(join(source.dataDir, 'root.key'), offline);
    await rm(join(source.dataDir, `${secondKey}.key`));

    const restarted = await serveInstallation(source.dataDir, source.databaseUrl, server.operatorKey);
    try {
      await expectAllReadable(restarted);
    } finally {
      await restarted.stop();
    }
    const again = await restore('before.sdb', 'restored-again', offline);
    expect(again.status, again.stderr).toBe(0);
    await expectRestoredReadable('restored-again', again.databaseUrl, beforeIds);
    const audit = await server.installation.store.db.selectFrom('audit_entries').select('action').where('log_id', '=', 'operator').where('action', 'like', 'key.root-%').orderBy('idx').execute();
    expect(audit.map((entry) => entry.action)).toEqual(['key.root-rotated', 'key.root-rotated', 'key.root-retired', 'key.root-retired']);
  });
});
