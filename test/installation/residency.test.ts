import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR_LOG } from '../../src/audit/index.js';
import { systemClock } from '../../src/common/index.js';
import { loadConfig } from '../../src/config/index.js';
import { dataDirPaths, initInstallation, openInstallation } from '../../src/installation/index.js';
import { openStore } from '../../src/store/index.js';
import { createTestInstallation, type TestInstallation } from '../support/test-installation.js';
import { testDatabases } from '../support/test-databases.js';

const databases = await testDatabases();
const FILE_ROOT_KEY = { provider: 'file' as const, pkcs11: { module: undefined, token: undefined, pin: undefined, keyLabel: undefined } };

describe.each(databases)('a node serves one region, on $dialect', (database) => {
  let dataDir: string;
  let databaseUrl: string | undefined;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const created = await database.create();
    drop = created.drop;
    dataDir = join(created.dataDir, 'eu-node');
    databaseUrl = 'databaseUrl' in created.location ? created.location.databaseUrl : undefined;
    await initInstallation({ dataDir, databaseUrl, region: 'eu', rootKey: FILE_ROOT_KEY, clock: systemClock, ownerEmail: 'owner@operator.test', ownerName: 'Owner' });
  });
  afterAll(async () => {
    await drop?.();
  });

  const open = (region?: string) => openInstallation({ dataDir, databaseUrl, region, rootKey: FILE_ROOT_KEY, clock: systemClock });
  const db = async () => openStore(databaseUrl ? { databaseUrl } : { sqlitePath: dataDirPaths(dataDir).sqlite });

  it('records its region in installation.json and in the database at init', async () => {
    expect(JSON.parse(await readFile(dataDirPaths(dataDir).marker, 'utf8')).region).toBe('eu');
    const installation = await open('eu');
    expect(installation.region).toBe('eu');
    expect(await installation.store.db.selectFrom('database_region').selectAll().execute()).toEqual([{ id: 1, region: 'eu' }]);
    await installation.close();
  });

  it.each([['us'], [undefined]])('refuses a node of region %s the data directory, before its key or database', async (region) => {
    const refusal = await open(region).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: 'region_mismatch' });
    expect((refusal as Error & { userMessage: string }).userMessage).toMatch(new RegExp(`belongs to region eu; this node is configured for region ${region ?? 'default'}`));
  });

  it('refuses a database that serves another region, and one holding a tenant of another region', async () => {
    const store = await db();
    try {
      await store.db.updateTable('database_region').set({ region: 'us' }).execute();
      await expect(open('eu')).rejects.toMatchObject({ code: 'region_mismatch', userMessage: expect.stringMatching(/^The database belongs to region us/) });
      await store.db.updateTable('database_region').set({ region: 'eu' }).execute();
      await store.db.insertInto('tenants').values({ id: 'ten_stray', name: 'Stray', audit_retention_days: 365, created_at: new Date().toISOString(), region: 'us' }).execute();
      await expect(open('eu')).rejects.toMatchObject({ code: 'region_mismatch', userMessage: expect.stringMatching(/^Tenant ten_stray in the database belongs to region us/) });
      await store.db.deleteFrom('tenants').where('id', '=', 'ten_stray').execute();
      const installation = await open('eu');
      await installation.close();
    } finally {
      await store.close();
    }
  });
});

describe.each(databases)('tenants are created in the node’s region only, on $dialect', (database) => {
  let sd: TestInstallation;

  beforeAll(async () => {
    sd = await createTestInstallation(database, { residency: { region: 'eu', regions: ['eu', 'us'] } });
  });
  afterAll(async () => {
    await sd?.close();
  });

  const create = (body: unknown) => sd.request('POST', '/v1/tenants', { token: sd.operatorKey, body });

  it("puts a new tenant in the node's region, recorded with it and in the audit log", async () => {
    const created = await create({ name: 'Acme' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().region).toBe('eu');
    const row = await sd.installation.store.db.selectFrom('tenants').select('region').where('id', '=', created.json().id).executeTakeFirstOrThrow();
    expect(row.region).toBe('eu');
    const audited = await sd.installation.store.db.selectFrom('audit_entries').select('body').where('log_id', '=', OPERATOR_LOG).where('action', '=', 'tenant.created').execute();
    expect(audited.map((entry) => JSON.parse(entry.body ?? 'null').details)).toContainEqual({ region: 'eu' });
    expect((await create({ name: 'Initech', region: 'eu' })).json().region).toBe('eu');
  });

  it("refuses a tenant of another region with region_mismatch, and an unknown region as bad input; nothing is written", async () => {
    const before = (await sd.installation.store.db.selectFrom('tenants').select('id').execute()).length;
    const elsewhere = await create({ name: 'Globex', region: 'us' });
    expect(elsewhere.statusCode).toBe(421);
    expect(elsewhere.json().error).toMatchObject({ code: 'region_mismatch' });
    expect(elsewhere.json().error.message).toMatch(/through a node of region us/);
    const unknown = await create({ name: 'Globex', region: 'mars' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toMatch(/Unknown region "mars"; this deployment has eu, us/);
    expect((await create({ name: 'Globex', region: 'US East' })).statusCode).toBe(400);
    expect((await sd.installation.store.db.selectFrom('tenants').select('id').execute()).length).toBe(before);
  });
});

describe('the region settings', () => {
  const env = (extra: Record<string, string>) => ({ SEALDESK_DATA_DIR: '/tmp/x', ...extra });

  it('defaults to one region, default', () => {
    expect(loadConfig(env({}))).toMatchObject({ region: 'default', regions: ['default'], databaseUrl: undefined });
  });

  it("takes the node's database from the region map", () => {
    const config = loadConfig(env({ SEALDESK_REGION: 'eu', SEALDESK_REGION_DATABASES: JSON.stringify({ eu: 'postgres://db-eu/sealdesk', us: 'postgres://db-us/sealdesk' }) }));
    expect(config).toMatchObject({ region: 'eu', regions: ['eu', 'us'], databaseUrl: 'postgres://db-eu/sealdesk' });
  });

  it.each([
    [{ SEALDESK_REGION: 'eu', SEALDESK_REGION_DATABASES: '{"us":"postgres://db-us/s"}' }, /no database for this node's region eu/],
    [{ SEALDESK_REGION: 'eu', SEALDESK_REGION_DATABASES: '{"eu":"postgres://a/s"}', SEALDESK_DATABASE_URL: 'postgres://b/s' }, /SEALDESK_DATABASE_URL differs/],
    [{ SEALDESK_REGION_DATABASES: 'eu=postgres://a' }, /must be a JSON object/],
    [{ SEALDESK_REGION_DATABASES: '{"eu":"mysql://a"}' }, /must map at least one region/],
    [{ SEALDESK_REGION: 'EU West' }, /SEALDESK_REGION/],
  ])('refuses %j clearly', (extra, message) => {
    expect(() => loadConfig(env(extra))).toThrow(expect.objectContaining({ code: 'config_invalid', userMessage: expect.stringMatching(message) }));
  });
});
