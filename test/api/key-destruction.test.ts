import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishTenantKeyDestructions } from '../../src/keys/index.js';
import { createTestInstallation, type TestInstallation } from '../support/test-installation.js';
import { testDatabases } from '../support/test-databases.js';
import { createCast, openConversation, PII, type Cast, type CastMember } from './tenant-cast.js';

const databases = await testDatabases();

/** A tenant destroys its own key, under the two-person rule: after that its sealed data is gone for good. */
describe.each(databases)('tenant key destruction on $dialect', (database) => {
  let sd: TestInstallation;
  let acme: Cast;
  let initech: Cast;

  beforeAll(async () => {
    sd = await createTestInstallation(database);
    acme = await createCast(sd, 'Acme');
    initech = await createCast(sd, 'Initech', acme);
  });

  afterAll(async () => {
    await sd?.close();
  });

  const read = (token: string, id: string) => sd.request('GET', `/v1/conversations/${id}`, { token });
  const ask = (cast: Cast, member: CastMember, tenantId = cast.tenantId) =>
    sd.request('POST', `/v1/tenants/${tenantId}/key/destruction`, { token: cast.keys[member], body: { purpose: 'We are leaving the service for good', ticket: 'OFF-77' } });
  const decide = (cast: Cast, id: string, member: CastMember, verb = 'approve') => sd.request('POST', `/v1/access-requests/${id}/${verb}`, { token: cast.keys[member] });
  const entries = async (tenantId: string, action: string) =>
    (await sd.installation.store.db.selectFrom('audit_entries').select('body').where('log_id', '=', tenantId).where('action', '=', action).orderBy('idx').execute()).map(
      (row) => JSON.parse(row.body ?? 'null'),
    );
  const keyRows = async (tenantId: string) => sd.installation.store.db.selectFrom('wrapped_keys').select('purpose').where('scope', '=', tenantId).execute();

  it('destroys nothing until a manager and a security officer, neither the requester, approve', async () => {
    const conversationId = await openConversation(sd, initech);
    const asked = await ask(initech, 'owner');
    expect(asked.statusCode, asked.body).toBe(202);
    expect(asked.json()).toMatchObject({ status: 'pending', requestId: expect.stringMatching(/^acr_/) });
    const requestId = asked.json().requestId;

    expect((await decide(initech, requestId, 'owner')).json().error.code).toBe('self_approval_forbidden');
    expect((await decide(initech, requestId, 'admin')).json().error.code).toBe('approver_not_eligible');
    const once = await decide(initech, requestId, 'manager');
    expect(once.json()).toMatchObject({ status: 'pending', kind: 'key-destruction' });
    expect((await read(initech.keys.owner, conversationId)).json().messages[0].body, 'one approval destroys nothing').toContain(PII.card);
    expect((await sd.request('GET', `/v1/tenants/${initech.tenantId}/key`, { token: initech.keys.auditor })).json().state).toBe('enabled');

    expect((await decide(initech, requestId, 'security', 'deny')).json().status).toBe('denied');
    expect((await read(initech.keys.owner, conversationId)).statusCode, 'a denied destruction destroys nothing').toBe(200);
  });

  it('once approved, every read and write of sealed data answers key_destroyed, the key material is gone, and nothing undoes it', async () => {
    const conversationId = await openConversation(sd, acme);
    const otherId = await openConversation(sd, initech);
    expect((await read(acme.keys.owner, conversationId)).json().messages[0].body).toContain(PII.card);
    expect((await keyRows(acme.tenantId)).length).toBeGreaterThan(0);

    const requestId = (await ask(acme, 'security')).json().requestId;
    expect((await decide(acme, requestId, 'manager')).json().status).toBe('pending');
    const approved = await decide(acme, requestId, 'owner');
    expect(approved.statusCode, approved.body).toBe(403);
    const last = await decide(acme, requestId, 'manager2');
    expect(last.json().error.code, 'the second approval must fill the security slot').toBe('approver_not_eligible');
    const secondSecurity = await sd.request('POST', `/v1/tenants/${acme.tenantId}/members`, {
      token: acme.keys.owner,
      body: { email: 'security2@acme.test', name: 'Second security officer', role: 'security' },
    });
    const done = await sd.request('POST', `/v1/access-requests/${requestId}/approve`, { token: secondSecurity.json().apiKey });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'approved', kind: 'key-destruction' });

    const refused = await read(acme.keys.owner, conversationId);
    expect(refused.statusCode).toBe(410);
    expect(refused.json().error.code).toBe('key_destroyed');
    expect(refused.body).not.toContain(PII.card);
    expect(refused.body).not.toContain(PII.email);
    const written = await sd.request('POST', `/v1/conversations/${conversationId}/messages`, { token: acme.keys.owner, body: { body: 'written after destruction' } });
    expect(written.json().error.code).toBe('key_destroyed');
    expect(await keyRows(acme.tenantId)).toEqual([]);
    expect(await sd.installation.keyRing.versions(acme.tenantId).catch((error: { code: string }) => error.code)).toBe('key_destroyed');

    const status = await sd.request('GET', `/v1/tenants/${acme.tenantId}/key`, { token: acme.keys.auditor });
    expect(status.json()).toMatchObject({ state: 'destroyed', changedBy: acme.ids.security, versions: [] });
    for (const verb of ['enable', 'disable']) {
      const undo = await sd.request('POST', `/v1/tenants/${acme.tenantId}/key/${verb}`, { token: acme.keys.owner, body: { ticket: 'UNDO-1' } });
      expect(undo.statusCode, verb).toBe(410);
      expect(undo.json().error.code).toBe('key_destroyed');
    }
    expect((await ask(acme, 'owner')).json().error.code).toBe('key_destroyed');
    const rotation = await sd.request('POST', `/v1/tenants/${acme.tenantId}/key/rotations`, { token: acme.keys.security, body: { level: 'data', ticket: 'ROT-1' } });
    expect(rotation.json().error.code).toBe('key_destroyed');

    expect((await read(initech.keys.owner, otherId)).json().messages[0].body, "another tenant's data is untouched").toContain(PII.card);
    expect((await keyRows(initech.tenantId)).length).toBeGreaterThan(0);
  });

  it('records the request and each approval with the ticket, and the destruction as key.destroyed', async () => {
    const created = (await entries(acme.tenantId, 'access-request.created')).filter((event) => event.details?.kind === 'key-destruction');
    // The security officer's request, and the owner's after the destruction (let through by the gate, then refused: key_destroyed).
    expect(created.map((event) => event.actor.role)).toEqual(['security', 'owner']);
    expect(created[0]).toMatchObject({ actor: { id: acme.ids.security }, outcome: 'allowed', reason: { ticket: 'OFF-77' } });
    const destroyed = await entries(acme.tenantId, 'key.destroyed');
    expect(destroyed).toHaveLength(1);
    expect(destroyed[0]).toMatchObject({ outcome: 'allowed', reason: { ticket: 'OFF-77', grant: created[0].reason.grant } });
    expect((await entries(acme.tenantId, 'access-request.approval-recorded')).length).toBeGreaterThanOrEqual(2);
  });

  it("signs a last checkpoint of the tenant's audit log covering the destruction, and can sign none after", async () => {
    const db = sd.installation.store.db;
    const destroyedAt = await db.selectFrom('audit_entries').select('idx').where('log_id', '=', acme.tenantId).where('action', '=', 'key.destroyed').executeTakeFirstOrThrow();
    const last = await db.selectFrom('audit_checkpoints').select(['size', 'note']).where('log_id', '=', acme.tenantId).orderBy('size', 'desc').executeTakeFirstOrThrow();
    expect(Number(last.size), 'the checkpoint covers the key.destroyed entry').toBeGreaterThan(Number(destroyedAt.idx));
    expect(last.note).toContain(`sealdesk/audit/${acme.tenantId}`);
    await expect(sd.installation.audit.checkpoint(acme.tenantId)).rejects.toMatchObject({ code: 'key_destroyed' });
    expect(await sd.installation.audit.verifierKey(acme.tenantId), 'the verifier key is still served').toMatch(new RegExp(`^sealdesk/audit/${acme.tenantId}\\+`));
  });

  it('lets only the owner or a security officer ask, only inside their own tenant', async () => {
    for (const member of ['admin', 'manager', 'agent', 'auditor', 'engineer', 'opsecurity', 'operatorOwner'] as const) {
      const response = await ask(initech, member);
      expect(response.statusCode, member).toBe(403);
    }
    expect((await ask(acme, 'security', initech.tenantId)).statusCode, "another tenant's key is not found").toBe(404);
    const bad = await sd.request('POST', `/v1/tenants/${initech.tenantId}/key/destruction`, { token: initech.keys.owner, body: { ticket: 'OFF-1' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_request');
  });

  it('finishes a destruction whose key material a crash left behind (as every opening of the installation does)', async () => {
    const doomed = await createCast(sd, 'Doomed', acme);
    await openConversation(sd, doomed);
    // The approval's transaction marks the key destroyed; a crash before the material is deleted leaves its rows.
    await sd.installation.store.db
      .insertInto('tenant_key_states')
      .values({ tenant_id: doomed.tenantId, state: 'destroyed', changed_at: new Date().toISOString(), changed_by: doomed.ids.owner })
      .execute();
    expect((await keyRows(doomed.tenantId)).length).toBeGreaterThan(0);
    await finishTenantKeyDestructions({ db: sd.installation.store.db, keyRing: sd.installation.keyRing });
    expect(await keyRows(doomed.tenantId)).toEqual([]);
    expect((await sd.installation.keyRing.tenantKeyState(doomed.tenantId))?.changedBy).toBe(doomed.ids.owner);
  });

  it('erases the destroyed keys from the database files themselves, not only from its tables', async () => {
    const hooli = await createCast(sd, 'Hooli', acme);
    await openConversation(sd, hooli);
    const db = sd.installation.store.db;
    const wraps = (await db.selectFrom('wrapped_keys').select('wrapped_key').where('scope', '=', hooli.tenantId).execute()).map((row) => Buffer.from(row.wrapped_key));
    expect(wraps.length).toBeGreaterThan(1);
    /** What the database holds on disk: SQLite's files in the data directory, or the PostgreSQL table's file after a checkpoint. */
    const onDisk = async (): Promise<Buffer> => {
      if (database.dialect === 'sqlite') {
        const files = (await readdir(sd.dataDir)).filter((name) => name.startsWith('sealdesk.db'));
        return Buffer.concat(await Promise.all(files.map((name) => readFile(join(sd.dataDir, name)))));
      }
      await sql`checkpoint`.execute(db);
      const { rows } = await sql<{ bytes: Buffer }>`select pg_read_binary_file(pg_relation_filepath('wrapped_keys')) as bytes`.execute(db);
      return rows[0]!.bytes;
    };
    const found = (bytes: Buffer) => wraps.filter((wrap) => bytes.includes(wrap)).length;
    expect(found(await onDisk()), 'the keys are on disk before').toBe(wraps.length);

    const requestId = (await ask(hooli, 'owner')).json().requestId;
    expect((await decide(hooli, requestId, 'manager')).json().status).toBe('pending');
    expect((await decide(hooli, requestId, 'security')).json()).toMatchObject({ status: 'approved', kind: 'key-destruction' });
    expect(await keyRows(hooli.tenantId)).toEqual([]);
    expect(found(await onDisk()), 'no destroyed key is left in the files').toBe(0);
    expect((await keyRows(initech.tenantId)).length, 'other tenants keep theirs').toBeGreaterThan(0);
  });
});
