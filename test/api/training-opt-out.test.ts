import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestInstallation, type TestInstallation } from '../support/test-installation.js';
import { testDatabases } from '../support/test-databases.js';
import { call, createCast, type Cast, type CastMember } from './tenant-cast.js';

const databases = await testDatabases();

describe.each(databases)('the training opt-out on $dialect', (database) => {
  let sd: TestInstallation;
  let acme: Cast;
  let globex: Cast;

  beforeAll(async () => {
    sd = await createTestInstallation(database);
    acme = await createCast(sd, 'Acme');
    globex = await createCast(sd, 'Globex', acme);
  });

  afterAll(async () => {
    await sd?.close();
  });

  const url = (cast: Cast) => `/v1/tenants/${cast.tenantId}/privacy/training`;
  const read = (cast: Cast, who: CastMember) => sd.request('GET', url(cast), { token: cast.keys[who] });
  const put = (cast: Cast, who: CastMember, body: unknown) => call(sd, 'PUT', url(cast), cast.keys[who], body);
  const log = async (cast: Cast) => (await sd.installation.audit.read(cast.tenantId, 0, 1_000_000)).map((entry) => entry.event);

  it('starts every tenant opted out, with no stored choice', async () => {
    const shown = await read(globex, 'owner');
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json()).toEqual({ optedIn: false, ticket: null, updatedAt: null, updatedBy: null });
    const rows = await sd.installation.store.db.selectFrom('training_consents').selectAll().where('tenant_id', '=', globex.tenantId).execute();
    expect(rows).toEqual([]);
  });

  it.each([
    ['owner', 200],
    ['admin', 200],
    ['security', 200],
    ['auditor', 200],
    ['manager', 403],
    ['agent', 403],
    ['engineer', 403],
    ['datascientist', 403],
  ] as const)('lets %s read the choice: %i', async (who, status) => {
    const response = await read(acme, who);
    expect(response.statusCode, response.body).toBe(status);
  });

  it("answers another tenant's owner as if the tenant did not exist", async () => {
    const response = await sd.request('GET', url(acme), { token: globex.keys.owner });
    expect(response.statusCode).toBe(404);
    expect((await call(sd, 'PUT', url(acme), globex.keys.owner, { optedIn: true, ticket: 'DPA-1' })).statusCode).toBe(404);
  });

  it.each(['admin', 'security', 'manager', 'auditor', 'agent', 'engineer', 'datascientist'] as const)(
    'refuses %s opting the tenant in, and records the refusal',
    async (who) => {
      const response = await put(acme, who, { optedIn: true, ticket: 'DPA-1' });
      expect(response.statusCode, response.body).toBe(403);
      expect(response.json().error.code).toBe('access_denied');
      expect((await read(acme, 'owner')).json().optedIn).toBe(false);
      const refused = (await log(acme)).filter((event) => event.action === 'training.changed' && event.outcome === 'denied' && event.actor.id === acme.ids[who]);
      expect(refused.length).toBeGreaterThan(0);
    },
  );

  it('lets the owner opt in and out again, each change recorded with its ticket', async () => {
    const optedIn = await put(acme, 'owner', { optedIn: true, ticket: 'DPA-2026-7' });
    expect(optedIn.statusCode, optedIn.body).toBe(200);
    expect(optedIn.json()).toEqual({ optedIn: true, ticket: 'DPA-2026-7', updatedAt: '2026-03-01T09:00:00.000Z', updatedBy: acme.ids.owner, revokedExports: 0 });
    expect((await read(acme, 'auditor')).json()).toEqual({ optedIn: true, ticket: 'DPA-2026-7', updatedAt: '2026-03-01T09:00:00.000Z', updatedBy: acme.ids.owner });
    expect((await read(globex, 'owner')).json().optedIn, 'one tenant opting in changes no other').toBe(false);

    const optedOut = await put(acme, 'owner', { optedIn: false, ticket: 'DPA-2026-8' });
    expect(optedOut.statusCode, optedOut.body).toBe(200);
    expect((await read(acme, 'owner')).json()).toMatchObject({ optedIn: false, ticket: 'DPA-2026-8' });

    const changes = (await log(acme)).filter((event) => event.action === 'training.changed' && event.outcome === 'allowed');
    expect(changes.map((event) => [event.actor.id, event.reason.ticket, event.details?.optedIn])).toEqual([
      [acme.ids.owner, 'DPA-2026-7', 'yes'],
      [acme.ids.owner, 'DPA-2026-8', 'no'],
    ]);
    const reads = (await log(acme)).filter((event) => event.action === 'training.read');
    expect(reads.length).toBeGreaterThan(0);
  });

  it.each([
    ['no ticket', { optedIn: true }],
    ['a ticket with spaces', { optedIn: true, ticket: 'not a ticket' }],
    ['a string for the flag', { optedIn: 'yes', ticket: 'DPA-1' }],
    ['an unknown field', { optedIn: true, ticket: 'DPA-1', everyone: true }],
  ])('refuses a change with %s as invalid_request', async (_, body) => {
    const response = await put(acme, 'owner', body);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_request');
  });
});
