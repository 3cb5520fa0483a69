import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_STATE_CACHE_MS } from '../../src/crypto/index.js';
import { createTestInstallation, type TestInstallation } from '../support/test-installation.js';
import { testDatabases } from '../support/test-databases.js';
import { createCast, openConversation, PII, type Cast, type CastMember } from './tenant-cast.js';

const databases = await testDatabases();

/** A tenant disables its own key: its data answers `key_unavailable` until it enables it again. */
describe.each(databases)('tenant key disable and enable on $dialect', (database) => {
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
  const change = (cast: Cast, member: CastMember, verb: 'disable' | 'enable', tenantId = cast.tenantId) =>
    sd.request('POST', `/v1/tenants/${tenantId}/key/${verb}`, { token: cast.keys[member], body: { ticket: 'SEC-42' } });
  const entries = async (tenantId: string, action: string) =>
    (await sd.installation.store.db.selectFrom('audit_entries').select('body').where('log_id', '=', tenantId).where('action', '=', action).orderBy('idx').execute()).map(
      (row) => JSON.parse(row.body ?? 'null'),
    );

  it('answers key_unavailable for everything sealed while disabled, nothing half-decrypted, and works again once enabled', async () => {
    const conversationId = await openConversation(sd, acme);
    const otherId = await openConversation(sd, initech);
    expect((await read(acme.keys.owner, conversationId)).json().messages[0].body).toContain(PII.card);

    const disabled = await change(acme, 'security', 'disable');
    expect(disabled.statusCode, disabled.body).toBe(200);
    expect(disabled.json()).toMatchObject({ tenantId: acme.tenantId, state: 'disabled', changedBy: acme.ids.security, versions: [{ version: 1, origin: 'generated' }] });

    const refused = await read(acme.keys.owner, conversationId);
    expect(refused.statusCode).toBe(503);
    expect(refused.json().error).toMatchObject({ code: 'key_unavailable', message: expect.stringContaining('disabled') });
    expect(refused.body).not.toContain(PII.card);
    expect(refused.body).not.toContain(PII.email);
    const written = await sd.request('POST', `/v1/conversations/${conversationId}/messages`, { token: acme.keys.owner, body: { body: 'written while disabled' } });
    expect(written.json().error.code).toBe('key_unavailable');
    const created = await sd.request('POST', `/v1/tenants/${acme.tenantId}/conversations`, { token: acme.keys.owner, body: { contact: { email: 'new@example.test' }, message: { body: 'hello' } } });
    expect(created.json().error.code).toBe('key_unavailable');
    expect((await read(initech.keys.owner, otherId)).json().messages[0].body, "another tenant's data is untouched").toContain(PII.card);

    const status = await sd.request('GET', `/v1/tenants/${acme.tenantId}/key`, { token: acme.keys.auditor });
    expect(status.json()).toMatchObject({ state: 'disabled', changedBy: acme.ids.security });

    expect((await change(acme, 'owner', 'enable')).json()).toMatchObject({ state: 'enabled', changedBy: acme.ids.owner });
    const reopened = await read(acme.keys.owner, conversationId);
    expect(reopened.statusCode).toBe(200);
    expect(reopened.json().messages[0].body).toContain(PII.card);
  });

  it('signs no new checkpoint of the tenant log while the key is disabled, even with its signer in memory, and serves the verifier key', async () => {
    const first = await sd.installation.audit.checkpoint(initech.tenantId);
    await change(initech, 'security', 'disable');
    await expect(sd.installation.audit.checkpoint(initech.tenantId)).rejects.toMatchObject({ code: 'key_unavailable' });
    expect(await sd.installation.audit.verifierKey(initech.tenantId)).toMatch(/^sealdesk\/audit\//);
    await change(initech, 'security', 'enable');
    const after = await sd.installation.audit.checkpoint(initech.tenantId);
    expect(after).not.toBe(first);
  });

  it('records each change with its ticket in the tenant log, and the refusals of roles that may not', async () => {
    await change(acme, 'owner', 'disable');
    await change(acme, 'owner', 'enable');
    expect((await entries(acme.tenantId, 'key.disabled')).at(-1)).toMatchObject({
      actor: { id: acme.ids.owner, role: 'owner' },
      outcome: 'allowed',
      reason: { rule: 'role-permits', ticket: 'SEC-42' },
    });
    expect((await entries(acme.tenantId, 'key.enabled')).at(-1)).toMatchObject({ actor: { id: acme.ids.owner }, outcome: 'allowed' });

    for (const member of ['admin', 'manager', 'agent', 'auditor', 'engineer', 'opsecurity'] as const) {
      const response = await change(acme, member, 'disable');
      expect(response.statusCode, member).toBe(403);
      expect(response.json().error.code).toBe('access_denied');
    }
    expect((await entries(acme.tenantId, 'key.disabled')).filter((event) => event.outcome === 'denied')).toHaveLength(6);
    const crossing = await change(initech, 'security', 'disable', acme.tenantId);
    expect(crossing.statusCode, "another tenant's key is not found, not forbidden").toBe(404);
    expect((await sd.request('GET', `/v1/tenants/${acme.tenantId}/key`, { token: acme.keys.owner })).json().state).toBe('enabled');
  });

  it('binds another process sharing the database within the state cache bound', async () => {
    const conversationId = await openConversation(sd, acme);
    expect((await read(acme.keys.owner, conversationId)).statusCode).toBe(200);
    // Another process (the CLI) writes the state; this process only sees the database.
    await sd.installation.store.db
      .insertInto('tenant_key_states')
      .values({ tenant_id: acme.tenantId, state: 'disabled', changed_at: sd.clock.now().toISOString(), changed_by: 'system' })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ state: 'disabled' }))
      .execute();
    sd.clock.advance(KEY_STATE_CACHE_MS);
    expect((await read(acme.keys.owner, conversationId)).json().error.code).toBe('key_unavailable');
    expect((await change(acme, 'security', 'enable')).json().state).toBe('enabled');
    expect((await read(acme.keys.owner, conversationId)).statusCode).toBe(200);
  });
});
