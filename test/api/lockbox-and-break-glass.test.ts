import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCESS_POLICY } from '../../src/access/index.js';
import { createTestInstallation, type TestInstallation } from '../support/test-installation.js';
import { testDatabases } from '../support/test-databases.js';
import { ask, call, createCast, openConversation, PII, type Cast } from './tenant-cast.js';

const databases = await testDatabases();

describe.each(databases)('the customer lockbox and break-glass on $dialect', (database) => {
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
  const alerts = (scope: string) =>
    sd.installation.store.db.selectFrom('alerts').selectAll().where('scope', '=', scope).where('kind', '=', 'break-glass').orderBy('created_at').execute();

  it('lets operator staff read only after the tenant\'s security officer or owner approves', async () => {
    const conversationId = await openConversation(sd, acme);
    expect((await read(acme.keys.engineer, conversationId)).json().view).toBe('masked');
    const asked = await ask(sd, acme.keys.engineer, { tenantId: acme.tenantId, contactId: (await read(acme.keys.owner, conversationId)).json().contactId });
    expect(asked.json()).toMatchObject({ status: 'pending', rule: 'operator-lockbox' });
    const grantId = asked.json().id;
    expect((await sd.request('POST', `/v1/access-requests/${grantId}/approve`, { token: acme.keys.manager })).json().error.code).toBe('approver_not_eligible');
    expect((await sd.request('POST', `/v1/access-requests/${grantId}/approve`, { token: acme.keys.opsecurity })).statusCode).toBe(403);
    expect((await sd.request('POST', `/v1/access-requests/${grantId}/approve`, { token: acme.keys.security })).json().status).toBe('approved');
    const full = await read(acme.keys.engineer, conversationId);
    expect(full.json()).toMatchObject({ view: 'full', access: { rule: 'grant', grantId } });
    expect((await sd.request('GET', `/v1/access-requests/${grantId}`, { token: acme.keys.engineer })).json()).toMatchObject({ status: 'active', remainingSeconds: 3600 });
  });

  it('forbids operator access entirely when the tenant says so: live grants stop, requests and break-glass are refused', async () => {
    const conversationId = await openConversation(sd, acme);
    const asked = await ask(sd, acme.keys.support, { tenantId: acme.tenantId, conversationIds: [conversationId] });
    await sd.request('POST', `/v1/access-requests/${asked.json().id}/approve`, { token: acme.keys.owner });
    expect((await read(acme.keys.support, conversationId)).json().view).toBe('full');

    const forbid = await call(sd, 'PUT', `/v1/tenants/${acme.tenantId}/access-policy`, acme.keys.security, {
      policy: { ...DEFAULT_ACCESS_POLICY, operatorAccess: 'forbidden' },
      purpose: 'Customer requires no vendor access',
      ticket: 'SEC-1',
    });
    expect(forbid.statusCode, forbid.body).toBe(200);
    expect(forbid.json()).toEqual({ status: 'applied', version: 1 });

    const after = await read(acme.keys.support, conversationId);
    expect(after.json().view).toBe('masked');
    expect(after.body).not.toContain(PII.card);
    expect((await sd.request('GET', `/v1/access-requests/${asked.json().id}`, { token: acme.keys.support })).json()).toMatchObject({
      status: 'revoked',
      endedBy: acme.ids.security,
    });
    for (const breakGlass of [false, true]) {
      const refused = await ask(sd, acme.keys.engineer, { tenantId: acme.tenantId, breakGlass, durationMinutes: 30 });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('operator_access_forbidden');
    }
    const allowAgain = await call(sd, 'PUT', `/v1/tenants/${acme.tenantId}/access-policy`, acme.keys.security, {
      policy: DEFAULT_ACCESS_POLICY,
      purpose: 'Allow vendor access with approval',
      ticket: 'SEC-2',
    });
    expect(allowAgain.statusCode, 'allowing operators again is loosening: it needs dual control').toBe(202);
    expect((await call(sd, 'GET', `/v1/tenants/${acme.tenantId}/access-policy`, acme.keys.auditor)).json()).toMatchObject({
      version: 1,
      policy: { operatorAccess: 'forbidden' },
    });
  });

  it('breaks the glass at once, alerts the tenant and the operator, and waits for a review', async () => {
    const conversationId = await openConversation(sd, initech);
    const tooLong = await ask(sd, initech.keys.engineer, { tenantId: initech.tenantId, breakGlass: true, durationMinutes: 61 });
    expect(tooLong.json().error.code).toBe('duration_exceeds_policy');
    expect((await ask(sd, initech.keys.support, { tenantId: initech.tenantId, breakGlass: true, durationMinutes: 30 })).statusCode).toBe(403);

    const broken = await ask(sd, initech.keys.engineer, {
      tenantId: initech.tenantId,
      breakGlass: true,
      durationMinutes: 45,
      purpose: 'Outage: messages not delivered, P1',
      ticket: 'P1-778',
    });
    expect(broken.statusCode, broken.body).toBe(201);
    expect(broken.json()).toMatchObject({ status: 'active', rule: 'break-glass' });
    const grantId = broken.json().id;
    expect((await read(initech.keys.engineer, conversationId)).json()).toMatchObject({ view: 'full', access: { rule: 'break-glass', grantId } });

    const [tenantAlert] = await alerts(initech.tenantId);
    expect(tenantAlert).toMatchObject({ severity: 'critical' });
    expect(tenantAlert?.summary).toContain(grantId);
    expect((await alerts('operator')).some((alert) => alert.summary.includes(grantId))).toBe(true);
    expect(JSON.stringify(tenantAlert)).not.toContain('Outage');

    const unreviewed = await sd.request('GET', `/v1/tenants/${initech.tenantId}/access-requests?breakGlass=unreviewed`, { token: initech.keys.security });
    expect(unreviewed.json().accessRequests.map((entry: { id: string }) => entry.id)).toEqual([grantId]);
    expect(unreviewed.json().accessRequests[0]).toMatchObject({ breakGlass: true, review: null, reviewOverdue: false });

    const own = await sd.request('POST', `/v1/access-requests/${grantId}/review`, { token: initech.keys.engineer, body: { outcome: 'justified' } });
    expect(own.statusCode).toBe(403);
    const byManager = await sd.request('POST', `/v1/access-requests/${grantId}/review`, { token: initech.keys.manager, body: { outcome: 'justified' } });
    expect(byManager.statusCode).toBe(403);
    const reviewed = await sd.request('POST', `/v1/access-requests/${grantId}/review`, {
      token: initech.keys.security,
      body: { outcome: 'justified', notes: `Checked with ${PII.email}` },
    });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(reviewed.json().review).toMatchObject({ reviewerId: initech.ids.security, outcome: 'justified' });
    const again = await sd.request('POST', `/v1/access-requests/${grantId}/review`, { token: initech.keys.owner, body: { outcome: 'unjustified' } });
    expect(again.statusCode).toBe(409);
    expect((await sd.request('GET', `/v1/tenants/${initech.tenantId}/access-requests?breakGlass=unreviewed`, { token: initech.keys.security })).json().accessRequests).toEqual([]);

    const log = await sd.installation.audit.read(initech.tenantId, 0, 100_000);
    const activated = log.find((entry) => entry.event.action === 'break-glass.activated' && entry.event.reason.grant === grantId);
    expect(activated?.event).toMatchObject({ outcome: 'allowed', actor: { id: initech.ids.engineer, role: 'operator:engineer' }, reason: { grant: grantId, ticket: 'P1-778' } });
    expect(log.some((entry) => entry.event.action === 'access-request.reviewed' && entry.event.reason.grant === grantId)).toBe(true);
    expect(JSON.stringify(log)).not.toContain(PII.email);
  });

  it('escalates an unreviewed break-glass once its review is overdue, once', async () => {
    const broken = await ask(sd, initech.keys.agent, { tenantId: initech.tenantId, breakGlass: true, durationMinutes: 15, view: 'redacted' });
    expect(broken.json().status).toBe('active');
    const escalate = (token: string) => sd.request('POST', '/v1/operator/break-glass/escalations', { token });
    expect((await escalate(initech.keys.engineer)).statusCode).toBe(403);
    expect((await escalate(initech.keys.opsecurity)).json()).toEqual({ escalated: 0 });
    sd.clock.advance(24 * 3_600_000);
    const listed = await sd.request('GET', `/v1/access-requests/${broken.json().id}`, { token: initech.keys.owner });
    expect(listed.json()).toMatchObject({ status: 'expired', reviewOverdue: true, escalatedAt: null });
    const before = (await alerts(initech.tenantId)).length;
    expect((await escalate(initech.keys.operatorOwner)).json()).toEqual({ escalated: 1 });
    expect((await escalate(initech.keys.operatorOwner)).json()).toEqual({ escalated: 0 });
    const raised = await alerts(initech.tenantId);
    expect(raised).toHaveLength(before + 1);
    expect(raised.at(-1)).toMatchObject({ severity: 'warning' });
    const log = await sd.installation.audit.read(initech.tenantId, 0, 100_000);
    expect(log.some((entry) => entry.event.action === 'break-glass.escalated' && entry.event.reason.grant === broken.json().id)).toBe(true);
  });
});
