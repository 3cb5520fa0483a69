import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDueRotations, startKeyRotations, type KeyRotation, type KeyRotationDeps } from '../../src/key-rotation/index.js';
import { createTestInstallation, type TestInstallation } from '../support/test-installation.js';
import { testDatabases } from '../support/test-databases.js';
import { createCast, openConversation, PII, type Cast, type CastMember } from './tenant-cast.js';

const databases = await testDatabases();
const DAY_MS = 86_400_000;

/** Rotation by policy: a tenant's rotation period, and serve's job rotating a tenant key that has outlived it (the clock is injected). */
describe.each(databases)('key rotation policy on $dialect', (database) => {
  let sd: TestInstallation;
  let acme: Cast;
  let initech: Cast;
  let deps: KeyRotationDeps;

  beforeAll(async () => {
    sd = await createTestInstallation(database);
    acme = await createCast(sd, 'Acme');
    initech = await createCast(sd, 'Initech', acme);
    deps = { db: sd.installation.store.db, keyRing: sd.installation.keyRing, audit: sd.installation.audit, clock: sd.clock };
  });
  afterAll(async () => {
    await sd?.close();
  });

  const policy = (tenantId: string) => `/v1/tenants/${tenantId}/key/rotation-policy`;
  const put = (cast: Cast, member: CastMember, body: unknown, tenantId = cast.tenantId) => sd.request('PUT', policy(tenantId), { token: cast.keys[member], body });
  const get = (cast: Cast, member: CastMember) => sd.request('GET', policy(cast.tenantId), { token: cast.keys[member] });
  const entries = async (logId: string, action: string) =>
    (await sd.installation.store.db.selectFrom('audit_entries').select('body').where('log_id', '=', logId).where('action', '=', action).orderBy('idx').execute()).map((row) =>
      JSON.parse(row.body ?? 'null'),
    );
  /** Runs serve's job (its first pass runs at once) until it reports `done`, then stops it. */
  const runJob = async (done: (rotation: KeyRotation) => boolean) => {
    const errors: unknown[] = [];
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const job = startKeyRotations(deps, (error) => errors.push(error), 60_000, { settleMs: 0, onProgress: (rotation) => done(rotation) && finish() });
    await finished;
    await job.stop();
    expect(errors).toEqual([]);
  };

  it('is off by default; the owner and the security officer set it, audited with the ticket; others may not', async () => {
    const initial = await get(acme, 'auditor');
    expect(initial.statusCode, initial.body).toBe(200);
    expect(initial.json()).toMatchObject({ tenantId: acme.tenantId, rotationDays: null, changedAt: null, changedBy: null, nextRotationAt: null });
    const madeAt: string = initial.json().latestTenantKeyAt;

    const set = await put(acme, 'owner', { rotationDays: 90, ticket: 'SEC-7' });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toEqual({
      tenantId: acme.tenantId,
      rotationDays: 90,
      changedAt: sd.clock.now().toISOString(),
      changedBy: acme.ids.owner,
      latestTenantKeyAt: madeAt,
      nextRotationAt: new Date(Date.parse(madeAt) + 90 * DAY_MS).toISOString(),
    });
    expect((await put(acme, 'security', { rotationDays: 365, ticket: 'SEC-8' })).json()).toMatchObject({ rotationDays: 365, changedBy: acme.ids.security });
    expect((await put(acme, 'security', { rotationDays: null, ticket: 'SEC-9' })).json()).toMatchObject({ rotationDays: null, nextRotationAt: null });

    for (const member of ['admin', 'manager', 'agent', 'auditor', 'engineer', 'opsecurity', 'operatorOwner'] as const) {
      const refused = await put(acme, member, { rotationDays: 30, ticket: 'SEC-10' });
      expect(refused.statusCode, member).toBe(403);
      expect(refused.json().error.code).toBe('access_denied');
    }
    for (const member of ['agent', 'manager'] as const) expect((await get(acme, member)).statusCode, member).toBe(403);
    expect((await put(initech, 'owner', { rotationDays: 30, ticket: 'SEC-10' }, acme.tenantId)).statusCode, "another tenant's policy is not found").toBe(404);

    const changes = await entries(acme.tenantId, 'key.rotation-policy-changed');
    expect(changes.filter((event) => event.outcome === 'allowed').map((event) => [event.actor.id, event.reason.ticket, event.details.rotationDays])).toEqual([
      [acme.ids.owner, 'SEC-7', 90],
      [acme.ids.security, 'SEC-8', 365],
      [acme.ids.security, 'SEC-9', 'off'],
    ]);
    expect(changes.filter((event) => event.outcome === 'denied'), "seven roles and another tenant's owner").toHaveLength(8);
    expect((await get(acme, 'owner')).json().rotationDays).toBeNull();
  });

  it.each([
    [{ rotationDays: 29, ticket: 'SEC-1' }],
    [{ rotationDays: 366, ticket: 'SEC-1' }],
    [{ rotationDays: 90.5, ticket: 'SEC-1' }],
    [{ rotationDays: '90', ticket: 'SEC-1' }],
    [{ rotationDays: 90 }],
    [{ ticket: 'SEC-1' }],
    [{ rotationDays: 90, ticket: 'SEC-1', level: 'data' }],
  ])('refuses %j with invalid_request, changing nothing', async (body) => {
    const refused = await put(acme, 'owner', body);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('invalid_request');
    expect((await get(acme, 'owner')).json().rotationDays).toBeNull();
  });

  it("serve's job rotates the tenant key once its latest version is as old as the period, and only then", async () => {
    const conversationId = await openConversation(sd, acme);
    expect((await put(acme, 'security', { rotationDays: 90, ticket: 'SEC-11' })).statusCode).toBe(200);
    const { latestTenantKeyAt } = (await get(acme, 'owner')).json();
    sd.clock.advance(Date.parse(latestTenantKeyAt) + 90 * DAY_MS - 1 - sd.clock.now().getTime());
    expect(await startDueRotations(deps), 'one millisecond before the period ends').toEqual([]);

    sd.clock.advance(1);
    await runJob((rotation) => rotation.scope === acme.tenantId && rotation.status === 'completed');
    const status = (await sd.request('GET', `/v1/tenants/${acme.tenantId}/key/rotations`, { token: acme.keys.owner })).json();
    expect(status).toMatchObject({ versions: { tenant: 2, content: 2 }, rotations: [{ level: 'tenant', status: 'completed', requestedBy: 'system' }] });
    const [started] = (await entries(acme.tenantId, 'key.rotated')).slice(-1);
    expect(started).toMatchObject({ actor: { kind: 'system', role: 'system:key-rotation-policy' }, outcome: 'allowed', details: { rotation: status.rotations[0].id, level: 'tenant' } });
    expect((await sd.request('GET', `/v1/tenants/${initech.tenantId}/key/rotations`, { token: initech.keys.owner })).json().versions, 'a tenant without a policy is not rotated').toEqual({ tenant: 1, content: 1 });

    const after = (await get(acme, 'owner')).json();
    expect(after).toMatchObject({ rotationDays: 90, latestTenantKeyAt: sd.clock.now().toISOString(), nextRotationAt: new Date(sd.clock.now().getTime() + 90 * DAY_MS).toISOString() });
    expect(await startDueRotations(deps), 'the new version is not due').toEqual([]);
    const read = await sd.request('GET', `/v1/conversations/${conversationId}`, { token: acme.keys.owner });
    expect(read.json().messages[0].body).toContain(PII.card);
  });

  it('leaves alone a tenant whose key is disabled or that has an unfinished rotation, and one whose policy is off', async () => {
    expect((await put(initech, 'owner', { rotationDays: 30, ticket: 'SEC-12' })).statusCode).toBe(200);
    sd.clock.advance(400 * DAY_MS);
    expect((await sd.request('POST', `/v1/tenants/${initech.tenantId}/key/disable`, { token: initech.keys.owner, body: { ticket: 'SEC-13' } })).statusCode).toBe(200);
    expect((await put(acme, 'owner', { rotationDays: null, ticket: 'SEC-14' })).statusCode).toBe(200);
    expect(await startDueRotations(deps)).toEqual([]);

    expect((await sd.request('POST', `/v1/tenants/${initech.tenantId}/key/enable`, { token: initech.keys.owner, body: { ticket: 'SEC-15' } })).statusCode).toBe(200);
    const due = await startDueRotations(deps);
    expect(due.map((started) => [started.rotation.scope, started.resumed])).toEqual([[initech.tenantId, false]]);
    expect(await startDueRotations(deps), 'an unfinished rotation is not started again').toEqual([]);
    await runJob((rotation) => rotation.id === due[0]!.rotation.id && rotation.status === 'completed');
    expect((await entries(initech.tenantId, 'key.rotated')).map((event) => event.details.resumed)).toEqual(['no']);
  });

  it("rotates the installation's own keys by their policy: set by the operator's security staff, run by serve's job", async () => {
    const url = '/v1/operator/key/rotation-policy';
    const initial = await sd.request('GET', url, { token: acme.keys.operatorOwner });
    expect(initial.statusCode, initial.body).toBe(200);
    expect(initial.json()).toMatchObject({ tenantId: 'operator', rotationDays: null, nextRotationAt: null });
    for (const member of ['operatorOwner', 'engineer', 'owner', 'security'] as const) {
      const refused = await sd.request('PUT', url, { token: acme.keys[member], body: { rotationDays: 60, ticket: 'OPS-60' } });
      expect(refused.statusCode, member).toBe(403);
    }
    expect((await sd.request('PUT', url, { token: acme.keys.opsecurity, body: { rotationDays: 20, ticket: 'OPS-60' } })).statusCode).toBe(400);
    const set = await sd.request('PUT', url, { token: acme.keys.opsecurity, body: { rotationDays: 60, ticket: 'OPS-60' } });
    expect(set.statusCode, set.body).toBe(200);
    const { latestTenantKeyAt, nextRotationAt } = set.json();
    expect(set.json()).toMatchObject({ tenantId: 'operator', rotationDays: 60, changedBy: acme.ids.opsecurity });
    expect(nextRotationAt).toBe(new Date(Date.parse(latestTenantKeyAt) + 60 * DAY_MS).toISOString());
    const changes = (await entries('operator', 'key.rotation-policy-changed')).map((event) => [event.actor.role, event.outcome]);
    expect(changes).toEqual([
      ['operator:owner', 'denied'],
      ['operator:engineer', 'denied'],
      ['owner', 'denied'],
      ['security', 'denied'],
      ['operator:security', 'allowed'],
    ]);

    // Whatever tenants' policies say, the installation's keys are due when theirs is.
    sd.clock.advance(Math.max(0, Date.parse(nextRotationAt) - sd.clock.now().getTime()));
    await runJob((rotation) => rotation.scope === 'operator' && rotation.status === 'completed');
    const status = (await sd.request('GET', '/v1/operator/key/rotations', { token: acme.keys.opsecurity })).json();
    expect(status.rotations[0]).toMatchObject({ level: 'tenant', status: 'completed', requestedBy: 'system' });
    expect(status.versions.tenant).toBeGreaterThan(1);
    const [started] = (await entries('operator', 'key.rotated')).slice(-1);
    expect(started).toMatchObject({ actor: { kind: 'system', role: 'system:key-rotation-policy' }, details: { rotation: status.rotations[0].id } });
    expect(await startDueRotations(deps), 'the new version is not due').toEqual([]);
    expect((await sd.request('PUT', url, { token: acme.keys.opsecurity, body: { rotationDays: null, ticket: 'OPS-61' } })).json().rotationDays).toBeNull();
  });
});
