import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyRotation } from '../../src/key-rotation/index.js';
import { createTestInstallation, type TestInstallation } from '../support/test-installation.js';
import { testDatabases } from '../support/test-databases.js';
import { createCast, openConversation, PII, type Cast, type CastMember } from './tenant-cast.js';

const databases = await testDatabases();

/**
 * Rotation through the API: asked for with a 202, carried out by the background job (woken at
 * once, not at its next minute), followed through the status routes. The job's wait for other
 * processes to pick up the new versions (`settleMs`) is a gate the test opens: a rotation stays
 * unfinished until then, and the clock moves on by the wait.
 */
describe.each(databases)('key rotation through the API on $dialect', (database) => {
  let sd: TestInstallation;
  let acme: Cast;
  let initech: Cast;
  const seen: KeyRotation[] = [];
  const waiters: { test: (rotation: KeyRotation) => boolean; resolve: () => void }[] = [];
  let opened: Promise<void> = Promise.resolve();
  let open = () => {};
  /** Holds every rotation before its finishing pass until `open()`. */
  const hold = () => (opened = new Promise((resolve) => (open = resolve)));
  /** Resolves once the job reports rotation `id` completed. */
  const completion = (id: string) =>
    new Promise<void>((resolve) => {
      const test = (rotation: KeyRotation) => rotation.id === id && rotation.status === 'completed';
      if (seen.some(test)) resolve();
      else waiters.push({ test, resolve });
    });

  beforeAll(async () => {
    sd = await createTestInstallation(database, {
      keyRotations: {
        batchSize: 5,
        settleMs: 6_000,
        sleep: async (ms) => {
          await opened;
          sd.clock.advance(ms);
        },
        onProgress: (rotation) => {
          seen.push(rotation);
          for (const waiter of waiters.filter((candidate) => candidate.test(rotation))) waiter.resolve();
        },
      },
    });
    acme = await createCast(sd, 'Acme');
    initech = await createCast(sd, 'Initech', acme);
  });
  afterAll(async () => {
    await sd?.close();
  });

  const rotations = (tenantId: string) => `/v1/tenants/${tenantId}/key/rotations`;
  const rotate = (cast: Cast, member: CastMember, body: unknown = { ticket: 'SEC-90' }, tenantId = cast.tenantId) =>
    sd.request('POST', rotations(tenantId), { token: cast.keys[member], body });
  const status = (cast: Cast, member: CastMember, tenantId = cast.tenantId) => sd.request('GET', rotations(tenantId), { token: cast.keys[member] });
  const entries = async (logId: string, action: string) =>
    (await sd.installation.store.db.selectFrom('audit_entries').select('body').where('log_id', '=', logId).where('action', '=', action).orderBy('idx').execute()).map((row) =>
      JSON.parse(row.body ?? 'null'),
    );

  it('starts a rotation with 202, gives the unfinished one back when asked again, runs it in the background to completed, and the data still reads', async () => {
    const conversationId = await openConversation(sd, acme);
    hold();
    const started = await rotate(acme, 'owner');
    expect(started.statusCode, started.body).toBe(202);
    const { rotation, resumed } = started.json();
    expect(resumed).toBe(false);
    expect(rotation).toMatchObject({ scope: acme.tenantId, level: 'tenant', status: 'running', requestedBy: acme.ids.owner, completedAt: null });
    expect(started.headers.location).toBe(`${rotations(acme.tenantId)}/${rotation.id}`);

    const again = await rotate(acme, 'security', { level: 'data', ticket: 'SEC-91' });
    expect(again.statusCode).toBe(202);
    expect(again.json()).toMatchObject({ resumed: true, rotation: { id: rotation.id, level: 'tenant', status: 'running' } });

    open();
    await completion(rotation.id);
    const one = await sd.request('GET', `${rotations(acme.tenantId)}/${rotation.id}`, { token: acme.keys.auditor });
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json()).toMatchObject({ id: rotation.id, status: 'completed', phase: 'completed', versions: { tenant: 2, content: 2 } });
    expect(one.json().progress.resealed).toBeGreaterThanOrEqual(3);
    expect(one.json().progress.rewrapped).toBeGreaterThan(0);
    expect(seen.some((progress) => progress.id === rotation.id && progress.phase === 'reseal'), 'the job reported its progress').toBe(true);

    const current = await status(acme, 'owner');
    expect(current.statusCode).toBe(200);
    expect(current.json()).toMatchObject({ scope: acme.tenantId, versions: { tenant: 2, content: 2 }, rotations: [{ id: rotation.id, status: 'completed' }] });

    const read = await sd.request('GET', `/v1/conversations/${conversationId}`, { token: acme.keys.owner });
    expect(read.statusCode).toBe(200);
    expect(read.json().messages[0].body).toContain(PII.card);
    expect(sd.jobErrors).toEqual([]);

    const asked = await entries(acme.tenantId, 'key.rotated');
    expect(asked.map((event) => [event.actor.id, event.outcome, event.reason.ticket])).toEqual([
      [acme.ids.owner, 'allowed', 'SEC-90'],
      [acme.ids.security, 'allowed', 'SEC-91'],
    ]);
    expect((await entries(acme.tenantId, 'key.rotation-completed')).map((event) => event.details.rotation)).toEqual([rotation.id]);
  });

  it('lets owner, admin and security officer rotate, auditors only read, and refuses the others', async () => {
    for (const member of ['manager', 'agent', 'auditor', 'engineer', 'opsecurity', 'operatorOwner'] as const) {
      const refused = await rotate(acme, member);
      expect(refused.statusCode, member).toBe(403);
      expect(refused.json().error.code).toBe('access_denied');
    }
    for (const member of ['agent', 'manager', 'engineer'] as const) expect((await status(acme, member)).statusCode, member).toBe(403);
    for (const member of ['owner', 'admin', 'security', 'auditor'] as const) expect((await status(acme, member)).statusCode, member).toBe(200);
    expect((await entries(acme.tenantId, 'key.rotated')).filter((event) => event.outcome === 'denied')).toHaveLength(6);

    expect((await rotate(initech, 'owner', undefined, acme.tenantId)).statusCode, "another tenant's keys are not found, not forbidden").toBe(404);
    expect((await status(initech, 'auditor', acme.tenantId)).statusCode).toBe(404);
    const { id } = (await status(acme, 'owner')).json().rotations[0];
    const crossing = await sd.request('GET', `${rotations(initech.tenantId)}/${id}`, { token: initech.keys.owner });
    expect(crossing.statusCode, "a rotation of another scope is not found through this tenant's route").toBe(404);

    const admin = await rotate(acme, 'admin', { level: 'data', ticket: 'SEC-92' });
    expect(admin.statusCode).toBe(202);
    await completion(admin.json().rotation.id);
    expect((await status(acme, 'auditor')).json().versions).toEqual({ tenant: 2, content: 3 });
  });

  it('refuses a bad level, a missing ticket and unknown fields with 400, starting nothing', async () => {
    const before = (await status(acme, 'owner')).json().rotations.length;
    for (const body of [{ level: 'root', ticket: 'SEC-1' }, { level: 'tenant' }, { ticket: 'SEC-1', force: true }, { ticket: 'not a ticket!' }]) {
      const refused = await rotate(acme, 'owner', body);
      expect(refused.statusCode, JSON.stringify(body)).toBe(400);
      expect(refused.json().error.code).toBe('invalid_request');
    }
    expect((await sd.request('GET', `${rotations(acme.tenantId)}/kro_nothing`, { token: acme.keys.owner })).json().error.code).toBe('invalid_id');
    expect((await status(acme, 'owner')).json().rotations).toHaveLength(before);
  });

  it("rotates the installation's keys for the operator's security staff, and takes up a rotation asked for while another runs", async () => {
    hold();
    const tenant = (await rotate(initech, 'security')).json().rotation.id;
    await new Promise<void>((resolve) => {
      const test = (rotation: KeyRotation) => rotation.id === tenant && rotation.phase === 'reseal';
      if (seen.some(test)) resolve();
      else waiters.push({ test, resolve });
    });
    const refused = await sd.request('POST', '/v1/operator/key/rotations', { token: acme.keys.owner, body: { ticket: 'OPS-1' } });
    expect(refused.statusCode, "a tenant's owner may not rotate the installation's keys").toBe(403);
    expect((await sd.request('POST', '/v1/operator/key/rotations', { token: sd.operatorKey, body: { ticket: 'OPS-1' } })).statusCode, 'the operator owner may read, not rotate').toBe(403);

    const started = await sd.request('POST', '/v1/operator/key/rotations', { token: acme.keys.opsecurity, body: { ticket: 'OPS-1' } });
    expect(started.statusCode, started.body).toBe(202);
    const operator = started.json().rotation;
    expect(operator).toMatchObject({ scope: 'operator', level: 'tenant', status: 'running' });
    expect(started.headers.location).toBe(`/v1/operator/key/rotations/${operator.id}`);
    open();
    await Promise.all([completion(tenant), completion(operator.id)]);

    const installation = await sd.request('GET', '/v1/operator/key/rotations', { token: sd.operatorKey });
    expect(installation.statusCode).toBe(200);
    expect(installation.json()).toMatchObject({ scope: 'operator', versions: { tenant: 2, content: 2 }, rotations: [{ id: operator.id, status: 'completed' }] });
    const one = await sd.request('GET', `/v1/operator/key/rotations/${operator.id}`, { token: acme.keys.opsecurity });
    expect(one.json()).toMatchObject({ id: operator.id, status: 'completed' });
    expect((await sd.request('GET', `/v1/operator/key/rotations/${tenant}`, { token: acme.keys.opsecurity })).statusCode).toBe(404);
    expect((await sd.request('GET', '/v1/operator/key/rotations', { token: acme.keys.auditor })).statusCode).toBe(403);
    expect((await entries('operator', 'key.rotated')).filter((event) => event.outcome === 'allowed').map((event) => event.reason.ticket)).toEqual(['OPS-1']);
    expect(sd.jobErrors).toEqual([]);
  });
});
