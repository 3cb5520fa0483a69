import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCESS_POLICY, justificationFor, type KeyRefusalClass } from '../../src/access/index.js';
import { openConversationContent } from '../../src/conversations/open-conversation-content.js';
import { createTestInstallation, type TestInstallation } from '../support/test-installation.js';
import { testDatabases } from '../support/test-databases.js';
import { ask, call, createCast, openConversation, PII, type Cast } from './tenant-cast.js';

const databases = await testDatabases();

/**
 * Justified unwrap: every key use carries the gate's justification; the tenant's key policy
 * refuses classes of access at the key layer itself, and each tenant-key unwrap is in its log.
 */
describe.each(databases)('justified unwrap on $dialect', (database) => {
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
  const refuseAtKeyLayer = (cast: Cast, refuse: KeyRefusalClass[]) =>
    call(sd, 'PUT', `/v1/tenants/${cast.tenantId}/access-policy`, cast.keys.security, {
      policy: { ...DEFAULT_ACCESS_POLICY, keyLayer: { refuse } },
      purpose: 'Key layer refusals',
      ticket: 'SEC-9',
    });
  const entries = async (cast: Cast, action: string) =>
    (await sd.installation.store.db.selectFrom('audit_entries').select('body').where('log_id', '=', cast.tenantId).where('action', '=', action).orderBy('idx').execute()).map(
      (row) => JSON.parse(row.body ?? 'null'),
    );
  const contactOf = async (cast: Cast, conversationId: string) => (await read(cast.keys.owner, conversationId)).json().contactId as string;

  it('refuses an approved operator grant at the key layer, and records the refusal with the grant', async () => {
    const conversationId = await openConversation(sd, acme);
    const asked = await ask(sd, acme.keys.engineer, { tenantId: acme.tenantId, contactId: await contactOf(acme, conversationId) });
    const grantId = asked.json().id;
    expect((await sd.request('POST', `/v1/access-requests/${grantId}/approve`, { token: acme.keys.security })).json().status).toBe('approved');
    expect((await read(acme.keys.engineer, conversationId)).json().view).toBe('full');

    const tightened = await refuseAtKeyLayer(acme, ['operator']);
    expect(tightened.json(), 'adding a refusal tightens: it applies at once').toMatchObject({ status: 'applied' });
    sd.clock.advance(6_000); // past the key layer's policy cache

    const refused = await read(acme.keys.engineer, conversationId);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('key_policy_refused');
    expect(refused.body).not.toContain(PII.card);
    const [refusal] = (await entries(acme, 'key.unwrap-refused')).slice(-1);
    expect(refusal).toMatchObject({
      actor: { id: acme.ids.engineer, kind: 'operator' },
      outcome: 'denied',
      reason: { rule: 'key-layer-refuses-operator', grant: grantId },
      details: { purpose: 'conversation.read', refused: 'operator' },
    });
    expect((await read(acme.keys.owner, conversationId)).json().view, "the tenant's own staff still read").toBe('full');
  });

  it('holds even when the code above the key layer skips the gate', async () => {
    const conversationId = await openConversation(sd, acme);
    const row = await sd.installation.store.db.selectFrom('conversations').selectAll().where('id', '=', conversationId).executeTakeFirstOrThrow();
    const forged = justificationFor({ kind: 'operator', id: acme.ids.support, role: 'support' }, { requestId: 'req_bug', channel: 'api' }, 'conversation.read');
    await expect(openConversationContent({ db: sd.installation.store.db, keyRing: sd.installation.keyRing }, row, forged)).rejects.toMatchObject({ code: 'key_policy_refused' });
  });

  it('refuses break-glass when the tenant says so, and removing a refusal needs dual control', async () => {
    const conversationId = await openConversation(sd, initech);
    expect((await refuseAtKeyLayer(initech, ['break-glass'])).json()).toMatchObject({ status: 'applied' });
    sd.clock.advance(6_000);
    const broken = await ask(sd, initech.keys.engineer, { tenantId: initech.tenantId, breakGlass: true, durationMinutes: 30, ticket: 'P1-1' });
    expect(broken.json()).toMatchObject({ status: 'active', rule: 'break-glass' });
    const refused = await read(initech.keys.engineer, conversationId);
    expect(refused.json().error.code).toBe('key_policy_refused');
    expect((await entries(initech, 'key.unwrap-refused')).at(-1)).toMatchObject({ details: { breakGlass: 1, refused: 'break-glass' } });

    const loosened = await refuseAtKeyLayer(initech, []);
    expect(loosened.statusCode).toBe(202);
    expect(loosened.json()).toMatchObject({ status: 'pending' });
  });

  it('records each tenant-key unwrap with its justification, once for a read of many messages', async () => {
    const conversationId = await openConversation(sd, acme);
    for (const body of ['second', 'third', 'fourth']) {
      expect((await sd.request('POST', `/v1/conversations/${conversationId}/messages`, { token: acme.keys.owner, body: { body } })).statusCode).toBe(201);
    }
    sd.installation.keyRing.clearCache();
    const before = (await entries(acme, 'key.unwrapped')).length;
    expect((await read(acme.keys.admin, conversationId)).json().messages).toHaveLength(4);
    const unwraps = (await entries(acme, 'key.unwrapped')).slice(before);
    expect(unwraps).toHaveLength(1);
    expect(unwraps[0]).toMatchObject({
      actor: { id: acme.ids.admin, kind: 'member', role: 'admin', tenant: acme.tenantId },
      action: 'key.unwrapped',
      outcome: 'allowed',
      reason: { rule: 'key-layer', grant: null },
      details: { purpose: 'conversation.read', breakGlass: 0, keyVersion: 1 },
    });
    expect(JSON.stringify(unwraps)).not.toContain(PII.email);
  });
});
