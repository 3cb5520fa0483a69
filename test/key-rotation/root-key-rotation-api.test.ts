import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/common/index.js';
import {
  initInstallation,
  openInstallation,
  readMarker,
  runRootKeyRotation,
  startDueRootKeyRotation,
  startRootKeyRotations,
  type Installation,
  type RootKeyDeps,
} from '../../src/installation/index.js';
import type { PeriodicJob } from '../../src/common/index.js';
import { buildServer } from '../../src/server/index.js';
import { envWith, sealdesk } from '../support/sealdesk-cli.js';
import { testDatabases } from '../support/test-databases.js';

const databases = await testDatabases();
const DAY_MS = 86_400_000;

describe.each(databases)('root key rotation through the API and by policy on $dialect', { timeout: 120_000 }, (database) => {
  let directory: string;
  let drop: () => Promise<void>;
  let clock: ManualClock;
  let installation: Installation;
  let rootKeys: RootKeyDeps;
  let app: FastifyInstance;
  let job: PeriodicJob;
  const jobErrors: unknown[] = [];
  const keys: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let tenantId: string;
  let dataDir: string;
  let databaseUrl: string | undefined;
  const bodies = new Map<string, string>();
  const failures: string[] = [];

  const call = async (method: 'GET' | 'POST' | 'PUT', url: string, token: string, body?: unknown) => {
    const response = await app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(body !== undefined && { payload: body as object }) });
    return { status: response.statusCode, json: response.json(), text: response.body };
  };

  /** Follows a rotation until it is no longer running (the job runs beside the API). */
  const settled = async (rotationId: string) => {
    for (;;) {
      const read = await call('GET', `/v1/operator/key/root/rotations/${rotationId}`, keys.security!);
      expect(read.status, read.text).toBe(200);
      if (read.json.status !== 'running') return read.json;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  /** The root key version that wraps each tenant key version. */
  const wrappers = async () => {
    const rows = await installation.store.db.selectFrom('wrapped_keys').select(['scope', 'version', 'wrapped_key']).where('kind', '=', 'tenant').execute();
    return rows.map((row) => installation.root.keyIdOf(Buffer.from(row.wrapped_key)));
  };

  const operatorEntries = async (action: string) => {
    const rows = await installation.store.db.selectFrom('audit_entries').select('body').where('log_id', '=', 'operator').where('action', '=', action).orderBy('idx').execute();
    return rows.map((row) => JSON.parse(String(row.body)));
  };

  const converse = async (n: number) => {
    const body = `my parcel ${n} has not arrived`;
    const created = await call('POST', `/v1/tenants/${tenantId}/conversations`, keys.owner!, { contact: { email: `c${n}@example.test`, name: `C ${n}` }, message: { body } });
    if (created.status !== 201) failures.push(`create ${n}: ${created.status} ${created.text}`);
    else bodies.set(created.json.id, body);
  };

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sealdesk-root-api-'));
    const created = await database.create();
    drop = created.drop;
    databaseUrl = 'databaseUrl' in created.location ? created.location.databaseUrl : undefined;
    clock = new ManualClock('2026-03-01T09:00:00.000Z');
    dataDir = join(directory, 'data');
    const init = await initInstallation({ dataDir, databaseUrl, clock, ownerEmail: 'owner@operator.test', ownerName: 'Owner' });
    installation = await openInstallation({ dataDir, databaseUrl, clock });
    rootKeys = { installation, settings: {} };
    job = startRootKeyRotations(rootKeys, (error) => jobErrors.push(error), 60_000, { batchSize: 2 });
    app = buildServer({
      deps: { db: installation.store.db, keyRing: installation.keyRing, audit: installation.audit, clock, rootKeys: { ...rootKeys, rotationRequested: () => job.wake() } },
      logger: pino({ level: 'silent' }),
    });
    keys.operatorOwner = init.apiKey;
    for (const role of ['security', 'engineer']) {
      const member = await call('POST', '/v1/operator/members', init.apiKey, { email: `${role}@operator.test`, name: role, role });
      expect(member.status, member.text).toBe(201);
      keys[role] = member.json.apiKey;
      ids[role] = member.json.id;
    }
    tenantId = (await call('POST', '/v1/tenants', init.apiKey, { name: 'Acme' })).json.id;
    keys.owner = (await call('POST', `/v1/tenants/${tenantId}/members`, init.apiKey, { email: 'o@acme.test', name: 'O', role: 'owner' })).json.apiKey;
    for (const name of ['Globex', 'Initech']) expect((await call('POST', '/v1/tenants', init.apiKey, { name })).status).toBe(201);
    for (let n = 0; n < 3; n++) await converse(n);
  });

  afterAll(async () => {
    await job?.stop();
    await app?.close();
    await installation?.close();
    await drop?.();
    await rm(directory, { recursive: true, force: true });
  });

  it('shows the root key, its one version and what it wraps, to the operator\'s owner and security staff only', async () => {
    const status = await call('GET', '/v1/operator/key/root', keys.operatorOwner!);
    expect(status.status, status.text).toBe(200);
    const firstKey = installation.root.keyId;
    // The operator's own scope and three tenants, one tenant key version each.
    expect(status.json).toEqual({
      rootKey: firstKey,
      provider: 'file',
      versions: [{ keyId: firstKey, provider: 'file', createdAt: '2026-03-01T09:00:00.000Z', retiredAt: null, wraps: 4 }],
      customerManaged: 0,
      policy: { rotationDays: null, changedAt: null, changedBy: null, newestVersionAt: '2026-03-01T09:00:00.000Z', nextRotationAt: null },
      rotations: [],
    });
    for (const token of [keys.engineer!, keys.owner!]) {
      const refused = await call('GET', '/v1/operator/key/root', token);
      expect(refused.status, refused.text).toBe(403);
      expect(refused.json.error.code).toBe('access_denied');
    }
  });

  it('refuses a rotation to everyone but the operator\'s security staff, and bad input with 400', async () => {
    for (const token of [keys.operatorOwner!, keys.engineer!, keys.owner!]) {
      const refused = await call('POST', '/v1/operator/key/root/rotations', token, { ticket: 'OPS-1' });
      expect(refused.status, refused.text).toBe(403);
    }
    const denied = await operatorEntries('key.root-rotation-requested');
    expect(denied.map((entry) => [entry.actor.role, entry.outcome])).toEqual([
      ['operator:owner', 'denied'],
      ['operator:engineer', 'denied'],
      ['owner', 'denied'],
    ]);
    for (const body of [{}, { ticket: 'has spaces' }, { ticket: 'OPS-1', extra: true }, { ticket: 'OPS-1', keyLabel: ' ' }]) {
      const bad = await call('POST', '/v1/operator/key/root/rotations', keys.security!, body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.json.error.code).toBe('invalid_request');
    }
    const label = await call('POST', '/v1/operator/key/root/rotations', keys.security!, { ticket: 'OPS-1', keyLabel: 'sealdesk-root-2' });
    expect(label.status, label.text).toBe(400);
    expect(label.json.error.message).toBe("keyLabel names a key on a PKCS#11 token; this installation's root key is the local key file.");
    expect((await call('GET', '/v1/operator/key/root/rotations/rkr_aaaaaaaaaaaaaaaaaaaaaaaaaa', keys.security!)).status).toBe(404);
    expect((await call('GET', '/v1/operator/key/root/rotations/not-an-id', keys.security!)).status).toBe(400);
    expect((await call('GET', '/v1/operator/key/root', keys.security!)).json.rotations).toEqual([]);
  });

  it('rotates the root key for the security staff while conversations are written and read; no request fails', async () => {
    const firstKey = installation.root.keyId;
    const started = await call('POST', '/v1/operator/key/root/rotations', keys.security!, { ticket: 'OPS-2' });
    expect(started.status, started.text).toBe(202);
    expect(started.json).toMatchObject({ resumed: false, rotation: { status: 'running', phase: 'version', rootKey: null, requestedBy: ids.security } });
    const id = started.json.rotation.id;
    expect(id).toMatch(/^rkr_/);
    const again = await call('POST', '/v1/operator/key/root/rotations', keys.security!, { ticket: 'OPS-2' });
    expect(again.status).toBe(202);
    expect(again.json.rotation.id).toBe(id);
    expect(again.json.resumed).toBe(true);

    let n = 10;
    let rotation: any;
    const traffic = (async () => {
      while (rotation === undefined) {
        await converse(n++);
        const [first] = bodies.keys();
        const read = await call('GET', `/v1/conversations/${first}`, keys.owner!);
        if (read.status !== 200) failures.push(`read: ${read.status} ${read.text}`);
      }
    })();
    rotation = await settled(id);
    await traffic;
    expect(jobErrors).toEqual([]);
    expect(failures).toEqual([]);
    const secondKey = installation.root.keyId;
    expect(secondKey).not.toBe(firstKey);
    expect(rotation).toMatchObject({ status: 'completed', phase: 'completed', rootKey: secondKey, previous: firstKey, error: null, progress: { rewrapped: 4, customerManaged: 0 } });
    expect(new Set(await wrappers())).toEqual(new Set([secondKey]));
    for (const [conversation, body] of bodies) {
      const read = await call('GET', `/v1/conversations/${conversation}`, keys.owner!);
      expect(read.status, read.text).toBe(200);
      expect(read.json.messages[0].body).toBe(body);
    }

    const status = (await call('GET', '/v1/operator/key/root', keys.security!)).json;
    expect(status.rootKey).toBe(secondKey);
    expect(status.versions.map((version: { keyId: string; wraps: number }) => [version.keyId, version.wraps])).toEqual([
      [firstKey, 0],
      [secondKey, 4],
    ]);
    expect(status.rotations.map((listed: { id: string }) => listed.id)).toEqual([id]);
    expect((await readMarker(installation.paths.marker)).rootKeyVersions?.map((version) => version.keyId)).toEqual([firstKey, secondKey]);

    const requested = (await operatorEntries('key.root-rotation-requested')).filter((entry) => entry.details.rotation === id);
    expect(requested.map((entry) => [entry.actor.id, entry.reason.ticket, entry.details.rotation, entry.details.resumed])).toEqual([
      [ids.security, 'OPS-2', id, 'no'],
      [ids.security, 'OPS-2', id, 'yes'],
    ]);
    const rotated = await operatorEntries('key.root-rotated');
    expect(rotated).toHaveLength(1);
    expect(rotated[0]).toMatchObject({ actor: { kind: 'system', role: 'system:root-key-rotation' }, reason: { ticket: 'OPS-2' }, details: { rotation: id, rootKey: secondKey, previous: firstKey, provider: 'file' } });
  });

  it('resumes a rotation whose runner stopped once its lease lapses, and a failed one only when a person asks again', async () => {
    const db = installation.store.db;
    const before = installation.root.keyId;
    // A runner that died mid-rotation: running, its lease held until a minute from now.
    const lapsed = 'rkr_bbbbbbbbbbbbbbbbbbbbbbbbbb';
    const now = clock.now().toISOString();
    await db
      .insertInto('root_key_rotations')
      .values({ id: lapsed, status: 'running', unfinished: 1, phase: 'version', root_key: null, previous_root_key: null, key_label: null, pass: 0, scanned: 0, rewrapped: 0, customer_managed: 0, requested_by: ids.security!, ticket: 'OPS-3', started_at: now, updated_at: now, completed_at: null, error_code: null, lease_until: `${new Date(clock.now().getTime() + 60_000).toISOString()}|gone` })
      .execute();
    expect(await runRootKeyRotation(rootKeys, lapsed)).toMatchObject({ status: 'running', phase: 'version' });
    clock.advance(61_000);
    job.wake();
    expect(await settled(lapsed)).toMatchObject({ status: 'completed', previous: before });
    expect(installation.root.keyId).not.toBe(before);

    // A rotation that failed: the job leaves it alone; asking again resumes it.
    const failed = 'rkr_cccccccccccccccccccccccccc';
    await db
      .insertInto('root_key_rotations')
      .values({ id: failed, status: 'failed', unfinished: 1, phase: 'rewrap', root_key: installation.root.keyId, previous_root_key: before, key_label: null, pass: 1, scanned: 2, rewrapped: 0, customer_managed: 0, requested_by: ids.security!, ticket: 'OPS-4', started_at: now, updated_at: now, completed_at: null, error_code: 'key_unavailable', lease_until: null })
      .execute();
    expect(await runRootKeyRotation(rootKeys, failed)).toMatchObject({ status: 'failed', error: 'key_unavailable' });
    expect(await startDueRootKeyRotation(rootKeys)).toBeUndefined();
    const resumed = await call('POST', '/v1/operator/key/root/rotations', keys.security!, { ticket: 'OPS-4' });
    expect(resumed.status, resumed.text).toBe(202);
    expect(resumed.json).toMatchObject({ resumed: true, rotation: { id: failed, status: 'running', error: null } });
    expect(await settled(failed)).toMatchObject({ status: 'completed', phase: 'completed', error: null });
    expect(new Set(await wrappers())).toEqual(new Set([installation.root.keyId]));
    expect(jobErrors).toEqual([]);
  });

  it('rotates by policy: off by default, set by the security staff, due once the newest version is that old, then not again', async () => {
    expect((await call('GET', '/v1/operator/key/root/rotation-policy', keys.operatorOwner!)).json.rotationDays).toBeNull();
    for (const rotationDays of [29, 366, 1.5, '90']) {
      const bad = await call('PUT', '/v1/operator/key/root/rotation-policy', keys.security!, { rotationDays, ticket: 'SEC-1' });
      expect(bad.status, String(rotationDays)).toBe(400);
    }
    expect((await call('PUT', '/v1/operator/key/root/rotation-policy', keys.security!, { rotationDays: 90 })).status).toBe(400);
    for (const token of [keys.operatorOwner!, keys.engineer!, keys.owner!]) {
      expect((await call('PUT', '/v1/operator/key/root/rotation-policy', token, { rotationDays: 90, ticket: 'SEC-1' })).status).toBe(403);
    }

    const newestAt = (await readMarker(installation.paths.marker)).rootKeyVersions!.at(-1)!.createdAt;
    const set = await call('PUT', '/v1/operator/key/root/rotation-policy', keys.security!, { rotationDays: 90, ticket: 'SEC-1' });
    expect(set.status, set.text).toBe(200);
    const due = new Date(Date.parse(newestAt) + 90 * DAY_MS);
    expect(set.json).toEqual({ rotationDays: 90, changedAt: clock.now().toISOString(), changedBy: ids.security, newestVersionAt: newestAt, nextRotationAt: due.toISOString() });
    const changed = await operatorEntries('key.root-rotation-policy-changed');
    expect(changed.map((entry) => [entry.actor.role, entry.outcome, entry.reason.ticket])).toEqual([
      ['operator:owner', 'denied', 'SEC-1'],
      ['operator:engineer', 'denied', 'SEC-1'],
      ['owner', 'denied', 'SEC-1'],
      ['operator:security', 'allowed', 'SEC-1'],
    ]);

    const rotations = async () => (await call('GET', '/v1/operator/key/root', keys.security!)).json.rotations as { id: string; requestedBy: string; status: string }[];
    const count = (await rotations()).length;
    clock.advance(due.getTime() - clock.now().getTime() - 1);
    expect(await startDueRootKeyRotation(rootKeys)).toBeUndefined();
    expect(await rotations()).toHaveLength(count);

    clock.advance(1);
    job.wake();
    let latest: { id: string; requestedBy: string; status: string } | undefined;
    for (;;) {
      const listed = await rotations();
      latest = listed[0];
      if (listed.length > count && latest?.status === 'completed') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(latest.requestedBy).toBe('system');
    const byPolicy = (await operatorEntries('key.root-rotation-requested')).at(-1);
    expect(byPolicy).toMatchObject({ actor: { kind: 'system', role: 'system:root-key-rotation-policy' }, outcome: 'allowed', details: { rotation: latest.id, resumed: 'no' } });
    const policy = (await call('GET', '/v1/operator/key/root/rotation-policy', keys.security!)).json;
    expect(policy.newestVersionAt).toBe(clock.now().toISOString());
    expect(policy.nextRotationAt).toBe(new Date(clock.now().getTime() + 90 * DAY_MS).toISOString());

    expect(await startDueRootKeyRotation(rootKeys)).toBeUndefined();
    expect(await rotations()).toHaveLength(count + 1);
    expect(jobErrors).toEqual([]);
  });

  it('shows the root key and sets its policy from the CLI too, as the system', async () => {
    const env = envWith({ SEALDESK_DATABASE_URL: databaseUrl });
    const status = await sealdesk(['keys', 'root-status', '--data-dir', dataDir], env);
    expect(status.status, status.stderr).toBe(0);
    const printed = JSON.parse(status.stdout);
    expect(printed.rootKey).toBe(installation.root.keyId);
    expect(printed.versions.at(-1)).toMatchObject({ keyId: installation.root.keyId, retiredAt: null, wraps: 4 });
    expect(printed.policy.rotationDays).toBe(90);

    const off = await sealdesk(['keys', 'root-policy', '--data-dir', dataDir, '--rotation-days', 'off', '--ticket', 'SEC-2'], env);
    expect(off.status, off.stderr).toBe(0);
    expect(JSON.parse(off.stdout)).toMatchObject({ rotationDays: null, changedBy: 'system', nextRotationAt: null });
    const entry = (await operatorEntries('key.root-rotation-policy-changed')).at(-1);
    expect(entry).toMatchObject({ actor: { kind: 'system', role: 'system:keys-rotate-root' }, outcome: 'allowed', reason: { ticket: 'SEC-2' }, details: { rotationDays: 'off' } });

    const noTicket = await sealdesk(['keys', 'root-policy', '--data-dir', dataDir, '--rotation-days', '120'], env);
    expect(noTicket.status).toBe(1);
    expect(noTicket.stderr).toBe('sealdesk: invalid_request: --ticket is needed to set the rotation policy.\n');
    const tooShort = await sealdesk(['keys', 'root-policy', '--data-dir', dataDir, '--rotation-days', '10', '--ticket', 'SEC-3'], env);
    expect(tooShort.status).toBe(2);
    expect(tooShort.stderr).toContain('must be a whole number of days from 30 to 365, or off');
    const read = await sealdesk(['keys', 'root-policy', '--data-dir', dataDir], env);
    expect(JSON.parse(read.stdout).rotationDays).toBeNull();
  });

  it("leaves alone the tenant key versions a customer-managed key wraps, and counts them", async () => {
    const db = installation.store.db;
    const globex = await db.selectFrom('tenants').select('id').where('name', '=', 'Globex').executeTakeFirstOrThrow();
    // Globex adopted a key on its own token from tenant key version 2: that wrap is its token's, not the root key's.
    const tokenWrap = randomBytes(60);
    const now = clock.now().toISOString();
    await db.insertInto('wrapped_keys').values({ scope: globex.id, kind: 'tenant', purpose: 'tenant', version: 2, parent_version: 0, wrapped_key: tokenWrap, created_at: now, origin: 'generated' }).execute();
    await db
      .insertInto('customer_managed_keys')
      .values({ tenant_id: globex.id, from_version: 2, module: '/usr/lib/softhsm/libsofthsm2.so', token_label: 'globex', key_label: 'globex-key', key_id: 'pkcs11-00', pin_enc: randomBytes(40), ticket: 'CMK-1', created_at: now, created_by: ids.security! })
      .execute();
    const before = installation.root.keyId;

    const started = await call('POST', '/v1/operator/key/root/rotations', keys.security!, { ticket: 'OPS-5' });
    expect(started.status, started.text).toBe(202);
    expect(await settled(started.json.rotation.id)).toMatchObject({ status: 'completed', previous: before, progress: { rewrapped: 4, customerManaged: 1 } });
    const stored = await db.selectFrom('wrapped_keys').select('wrapped_key').where('scope', '=', globex.id).where('version', '=', 2).executeTakeFirstOrThrow();
    expect(Buffer.from(stored.wrapped_key).equals(tokenWrap), 'the token\'s wrap is untouched').toBe(true);
    const status = (await call('GET', '/v1/operator/key/root', keys.security!)).json;
    expect(status.customerManaged).toBe(1);
    expect(status.versions.at(-1)).toMatchObject({ keyId: installation.root.keyId, wraps: 4 });
    expect(jobErrors).toEqual([]);
  });
});
