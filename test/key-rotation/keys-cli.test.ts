import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackup, restoreBackup } from '../../src/backup/index.js';
import { systemClock } from '../../src/common/index.js';
import { decodeEnvelope } from '../../src/crypto/envelope.js';
import { openInstallation } from '../../src/installation/index.js';
import { serveInstallation, startRunningServer, type RunningServer } from '../support/running-server.js';
import { envWith, sealdesk } from '../support/sealdesk-cli.js';
import { testDatabases } from '../support/test-databases.js';

const databases = await testDatabases();

const lines = (stdout: string) => stdout.trim().split('\n').map((line) => JSON.parse(line));

describe.each(databases)('sealdesk keys on $dialect', { timeout: 120_000 }, (database) => {
  let directory: string;
  let server: RunningServer;
  let source: { dataDir: string; databaseUrl: string | undefined; drop(): Promise<void> };
  const targets: { drop(): Promise<void> }[] = [];
  let tenantId: string;
  let owner: string;
  const bodies = new Map<string, string>();

  const converse = async (n: number) => {
    const body = `order ${n} has not arrived`;
    const created = await server.call('POST', `/v1/tenants/${tenantId}/conversations`, { token: owner, body: { contact: { email: `c${n}@example.test`, name: `C ${n}` }, message: { body } } });
    expect(created.status, created.text).toBe(201);
    bodies.set(created.json.id, body);
  };

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sealdesk-keys-cli-'));
    const created = await database.create();
    source = { dataDir: join(directory, 'source'), databaseUrl: 'databaseUrl' in created.location ? created.location.databaseUrl : undefined, drop: created.drop };
    server = await startRunningServer(source.dataDir, source.databaseUrl);
    tenantId = (await server.call('POST', '/v1/tenants', { token: server.operatorKey, body: { name: 'Acme' } })).json.id;
    owner = (await server.call('POST', `/v1/tenants/${tenantId}/members`, { token: server.operatorKey, body: { email: 'o@a.test', name: 'O', role: 'owner' } })).json.apiKey;
    for (let n = 0; n < 5; n++) await converse(n);
  });

  afterAll(async () => {
    await server?.stop();
    await source?.drop();
    for (const target of targets) await target.drop();
    await rm(directory, { recursive: true, force: true });
  });

  it('rotates every scope while the server serves; the server then writes under the new versions; status reports it', async () => {
    const writes = (async () => {
      for (let n = 10; n < 16; n++) await converse(n);
    })();
    const rotated = await sealdesk(['keys', 'rotate', '--data-dir', source.dataDir], envWith({ SEALDESK_DATABASE_URL: source.databaseUrl }));
    await writes;
    expect(rotated.status, rotated.stderr).toBe(0);
    const rotations = lines(rotated.stdout);
    expect(rotations.map((r) => r.scope)).toEqual(['operator', tenantId]);
    for (const rotation of rotations) expect(rotation).toMatchObject({ status: 'completed', level: 'tenant', versions: { tenant: 2, content: 2 } });

    await converse(20);
    const messages = await server.installation.store.db.selectFrom('messages').select('body_enc').where('tenant_id', '=', tenantId).execute();
    expect(new Set(messages.map((m) => decodeEnvelope(m.body_enc).keyVersion))).toEqual(new Set([2]));
    for (const [id, body] of bodies) {
      const read = await server.call('GET', `/v1/conversations/${id}`, { token: owner });
      expect(read.status, read.text).toBe(200);
      expect(read.json.messages[0].body).toBe(body);
    }

    const status = await sealdesk(['keys', 'status', '--data-dir', source.dataDir, '--tenant', tenantId], envWith({ SEALDESK_DATABASE_URL: source.databaseUrl }));
    expect(status.status, status.stderr).toBe(0);
    const [report] = lines(status.stdout);
    expect(report).toMatchObject({ scope: tenantId, versions: { tenant: 2, content: 2 }, rotations: [{ status: 'completed', phase: 'completed' }] });
    expect(report.rotations[0].progress.resealed).toBeGreaterThan(0);
  });

  it('a backup made after the rotation restores, and everything in it reads back', async () => {
    const installation = await openInstallation({ dataDir: source.dataDir, databaseUrl: source.databaseUrl, clock: systemClock });
    const file = join(directory, 'after-rotation.sdb');
    try {
      await createBackup(installation, file);
    } finally {
      await installation.close();
    }
    let databaseUrl: string | undefined;
    if (database.dialect === 'postgres') {
      const target = await database.create();
      targets.push(target);
      databaseUrl = (target.location as { databaseUrl: string }).databaseUrl;
    }
    const restoredDir = join(directory, 'restored');
    await restoreBackup({ file, dataDir: restoredDir, rootKeyFile: join(source.dataDir, 'root.key'), subjectKeys: join(source.dataDir, 'subject-keys.db'), databaseUrl, clock: systemClock });
    const restored = await serveInstallation(restoredDir, databaseUrl, server.operatorKey);
    try {
      for (const [id, body] of bodies) {
        const read = await restored.call('GET', `/v1/conversations/${id}`, { token: owner });
        expect(read.status, read.text).toBe(200);
        expect(read.json.messages[0].body).toBe(body);
      }
    } finally {
      await restored.stop();
    }
  });

  it('refuses a --tenant that is not a tenant id', async () => {
    const refused = await sealdesk(['keys', 'status', '--data-dir', source.dataDir, '--tenant', 'acme'], envWith({ SEALDESK_DATABASE_URL: source.databaseUrl }));
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe('sealdesk: invalid_id: --tenant must be a ten_ id (or operator).\n');
  });
});
