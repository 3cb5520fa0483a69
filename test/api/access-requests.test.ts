import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestInstallation, type TestInstallation } from '../support/test-installation.js';
import { testDatabases } from '../support/test-databases.js';
import { ask, createCast, openConversation, PII, type Cast } from './tenant-cast.js';

const databases = await testDatabases();

describe.each(databases)('just-in-time access requests on $dialect', (database) => {
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

  const read = (token: string, id: string) => sd.request('GET', `/v1/conversations/${id}`, { token });
  const events = () => sd.installation.audit.read(acme.tenantId, 0, 100_000);

  it('auto-approves an agent\'s redacted look at a conversation in the open queue, with typed tokens and the grant named', async () => {
    const conversationId = await openConversation(sd, acme);
    expect((await read(acme.keys.agent, conversationId)).json().view).toBe('masked');

    const asked = await ask(sd, acme.keys.agent, { tenantId: acme.tenantId, conversationIds: [conversationId], view: 'redacted', durationMinutes: 30 });
    expect(asked.statusCode, asked.body).toBe(201);
    expect(asked.json()).toMatchObject({ status: 'approved', rule: 'agent-redacted-in-queue' });
    const grantId = asked.json().id;

    const redacted = await read(acme.keys.agent, conversationId);
    expect(redacted.json()).toMatchObject({ view: 'redacted', access: { rule: 'grant', grantId }, contact: { email: '[EMAIL_1]', name: '[NAME]' } });
    expect(redacted.json().messages[0].body).toBe(`Hi, I'm Jane ([EMAIL_1], [PHONE_1]). Card [CARD_1] was charged twice. Code ${PII.secret}.`);
    for (const value of [PII.email, PII.phone, PII.card, 'Jane Roe']) expect(redacted.body).not.toContain(value);

    const log = await events();
    const readEvent = log.find((entry) => entry.event.requestId === redacted.headers['x-request-id'] && entry.event.action === 'content.read-redacted');
    expect(readEvent?.event).toMatchObject({ outcome: 'allowed', reason: { rule: 'grant', grant: grantId, ticket: 'INC-4711' } });
    expect(log.some((entry) => entry.event.action === 'grant.activated' && entry.event.reason.grant === grantId)).toBe(true);

    const status = await sd.request('GET', `/v1/access-requests/${grantId}`, { token: acme.keys.agent });
    expect(status.json()).toMatchObject({ status: 'active', remainingSeconds: 30 * 60, view: 'redacted' });

    sd.clock.advance(30 * 60_000);
    const after = await read(acme.keys.agent, conversationId);
    expect(after.json()).toMatchObject({ view: 'masked', access: { grantId: null } });
    expect(after.body).not.toContain('[EMAIL_1]');
    expect((await sd.request('GET', `/v1/access-requests/${grantId}`, { token: acme.keys.agent })).json()).toMatchObject({ status: 'expired', remainingSeconds: 0 });
  });

  it('lets a requester withdraw an unused auto-approved grant (deciding about a grant does not use it)', async () => {
    const conversationId = await openConversation(sd, acme);
    const asked = await ask(sd, acme.keys.agent2, { tenantId: acme.tenantId, conversationIds: [conversationId], view: 'redacted', durationMinutes: 15 });
    expect(asked.json().status).toBe('approved');
    expect((await sd.request('GET', `/v1/access-requests/${asked.json().id}`, { token: acme.keys.agent2 })).json().status).toBe('approved');
    const withdrawn = await sd.request('POST', `/v1/access-requests/${asked.json().id}/revoke`, { token: acme.keys.agent2 });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json()).toMatchObject({ status: 'revoked', activatedAt: null });
    expect((await read(acme.keys.agent2, conversationId)).json().view).toBe('masked');
  });

  it('walks a full-view request through approval and revocation with the cast', async () => {
    const conversationId = await openConversation(sd, acme);
    await sd.request('POST', `/v1/conversations/${conversationId}/assign`, { token: acme.keys.manager, body: { memberId: acme.ids.agent2 } });

    const asked = await ask(sd, acme.keys.agent, { tenantId: acme.tenantId, conversationIds: [conversationId] });
    expect(asked.json()).toMatchObject({ status: 'pending', rule: 'member-conversations', expiresAt: null });
    const grantId = asked.json().id;
    expect((await read(acme.keys.agent, conversationId)).json().view).toBe('masked');

    const steps: [string, string, string, number, string?][] = [
      ['the requester cannot approve their own request', 'agent', 'approve', 403, 'self_approval_forbidden'],
      ['a security officer fills no slot of this rule', 'security', 'approve', 403, 'approver_not_eligible'],
      ['an auditor may not decide', 'auditor', 'approve', 403, 'access_denied'],
      ['another tenant\'s owner does not see it', 'globex', 'approve', 404, 'not_found'],
      ['the manager approves', 'manager', 'approve', 200],
      ['nobody approves twice', 'manager2', 'approve', 409, 'grant_state_conflict'],
    ];
    for (const [step, who, verb, status, code] of steps) {
      const token = who === 'globex' ? globex.keys.owner : acme.keys[who as keyof Cast['keys']];
      const response = await sd.request('POST', `/v1/access-requests/${grantId}/${verb}`, { token });
      expect(response.statusCode, step).toBe(status);
      if (code) expect(response.json().error.code, step).toBe(code);
    }

    const full = await read(acme.keys.agent, conversationId);
    expect(full.json()).toMatchObject({ view: 'full', access: { rule: 'grant', grantId } });
    expect(full.json().messages[0].body).toContain(PII.card);
    const written = await sd.request('POST', `/v1/conversations/${conversationId}/messages`, { token: acme.keys.agent, body: { body: 'x' } });
    expect(written.statusCode, 'a grant opens reading, never writing').toBe(403);

    expect((await sd.request('POST', `/v1/access-requests/${grantId}/revoke`, { token: acme.keys.manager })).statusCode).toBe(403);
    const revoked = await sd.request('POST', `/v1/access-requests/${grantId}/revoke`, { token: acme.keys.security });
    expect(revoked.json()).toMatchObject({ status: 'revoked', endedBy: acme.ids.security, remainingSeconds: 0 });
    const after = await read(acme.keys.agent, conversationId);
    expect(after.json().view).toBe('masked');
    expect(after.body).not.toContain(PII.card);

    const actions = (await events()).filter((entry) => entry.event.reason.grant === grantId).map((entry) => `${entry.event.action}:${entry.event.outcome}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'access-request.created:allowed',
        'access-request.approval-recorded:denied',
        'access-request.approval-recorded:allowed',
        'access-request.approved:allowed',
        'content.read:allowed',
        'access-request.revoked:allowed',
      ]),
    );
  });

  it('lapses a pending request after an hour, decided at the time of the call', async () => {
    const asked = await ask(sd, acme.keys.agent, { tenantId: acme.tenantId, view: 'redacted' });
    expect(asked.json()).toMatchObject({ status: 'pending', rule: 'member-whole-tenant' });
    sd.clock.advance(60 * 60_000);
    const late = await sd.request('POST', `/v1/access-requests/${asked.json().id}/approve`, { token: acme.keys.manager });
    expect(late.statusCode).toBe(410);
    expect(late.json().error.code).toBe('grant_expired');
    expect((await sd.request('GET', `/v1/access-requests/${asked.json().id}`, { token: acme.keys.agent })).json().status).toBe('expired');
    expect((await events()).some((entry) => entry.event.action === 'access-request.expired' && entry.event.reason.grant === asked.json().id)).toBe(true);
  });

  it('refuses what the policy does not allow, and recognises nothing of other tenants', async () => {
    const conversationId = await openConversation(sd, acme);
    const cases: [string, string, Record<string, unknown>, number, string][] = [
      ['longer than the policy allows', acme.keys.agent, { tenantId: acme.tenantId, durationMinutes: 481 }, 400, 'duration_exceeds_policy'],
      ['longer than the hard cap', acme.keys.agent, { tenantId: acme.tenantId, durationMinutes: 20_161 }, 400, 'invalid_request'],
      ['a manager approves, does not ask', acme.keys.manager, { tenantId: acme.tenantId }, 403, 'access_denied'],
      ['an auditor does not ask', acme.keys.auditor, { tenantId: acme.tenantId }, 403, 'access_denied'],
      ['a data scientist asks for the redacted view only', acme.keys.datascientist, { tenantId: acme.tenantId }, 403, 'access_denied'],
      ['another tenant\'s member', globex.keys.agent, { tenantId: acme.tenantId }, 404, 'not_found'],
      ['a conversation of another tenant', globex.keys.agent, { tenantId: globex.tenantId, conversationIds: [conversationId] }, 404, 'not_found'],
      ['both a contact and conversations', acme.keys.agent, { tenantId: acme.tenantId, conversationIds: [conversationId], contactId: 'ctc_aaaaaaaaaaaaaaaaaaaaaaaaaa' }, 400, 'invalid_request'],
      ['no purpose', acme.keys.agent, { tenantId: acme.tenantId, purpose: '' }, 400, 'invalid_request'],
      ['a ticket that is prose', acme.keys.agent, { tenantId: acme.tenantId, ticket: 'call Jane back' }, 400, 'invalid_request'],
    ];
    for (const [name, token, body, status, code] of cases) {
      const response = await ask(sd, token, body);
      expect(response.statusCode, name).toBe(status);
      expect(response.json().error.code, name).toBe(code);
    }
    const list = await sd.request('GET', `/v1/tenants/${acme.tenantId}/access-requests`, { token: globex.keys.owner });
    expect(list.statusCode).toBe(404);
  });

  it('lists requests for reviewers only, with purposes stored redacted and never in the audit log', async () => {
    const purpose = `Refund for ${PII.email}, called from ${PII.phone}`;
    const asked = await ask(sd, acme.keys.agent, { tenantId: acme.tenantId, purpose, view: 'redacted' });
    expect(asked.statusCode).toBe(201);
    for (const reviewer of ['owner', 'admin', 'manager', 'security', 'auditor'] as const) {
      const list = await sd.request('GET', `/v1/tenants/${acme.tenantId}/access-requests?status=pending`, { token: acme.keys[reviewer] });
      expect(list.statusCode, reviewer).toBe(200);
      const found = list.json().accessRequests.find((entry: { id: string }) => entry.id === asked.json().id);
      expect(found, reviewer).toMatchObject({ purpose: 'Refund for [EMAIL_1], called from [PHONE_1]', requiredApprovals: [{ anyOf: ['manager', 'admin', 'owner'] }, { anyOf: ['security'] }] });
    }
    expect((await sd.request('GET', `/v1/tenants/${acme.tenantId}/access-requests`, { token: acme.keys.agent })).statusCode).toBe(403);
    expect((await sd.request('GET', `/v1/access-requests/${asked.json().id}`, { token: acme.keys.agent2 })).statusCode).toBe(403);
    const stored = await sd.installation.store.db.selectFrom('access_grants').select('purpose').execute();
    expect(JSON.stringify(stored)).not.toContain(PII.email);
    const log = JSON.stringify(await events());
    for (const value of [PII.email, PII.phone, PII.card, PII.secret, 'Refund for']) expect(log).not.toContain(value);
  });
});
