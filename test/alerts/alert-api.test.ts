import { systemJustification } from '../../src/crypto/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertSummary, raiseAlert } from '../../src/alerts/index.js';
import { createTestInstallation, type TestInstallation } from '../support/test-installation.js';
import { testDatabases } from '../support/test-databases.js';

const TEST_JUSTIFICATION = systemJustification('test', 'test');

const databases = await testDatabases();

describe.each(databases)('the alert API on $dialect', (database) => {
  let sd: TestInstallation;
  let acme: string;
  let globex: string;
  const keys: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const alerts = (tenant: string) => `/v1/tenants/${tenant}/alerts`;

  async function member(tenant: string, token: string, role: string, email: string) {
    const response = await sd.request('POST', `/v1/tenants/${tenant}/members`, { token, body: { email, name: role, role } });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; apiKey: string };
  }

  async function operatorMember(role: string) {
    const response = await sd.request('POST', '/v1/operator/members', { token: sd.operatorKey, body: { email: `${role}@operator.test`, name: role, role } });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; apiKey: string };
  }

  beforeAll(async () => {
    sd = await createTestInstallation(database);
    acme = (await sd.request('POST', '/v1/tenants', { token: sd.operatorKey, body: { name: 'Acme' } })).json().id;
    globex = (await sd.request('POST', '/v1/tenants', { token: sd.operatorKey, body: { name: 'Globex' } })).json().id;
    const owner = await member(acme, sd.operatorKey, 'owner', 'owner@acme.test');
    keys.owner = owner.apiKey;
    for (const role of ['admin', 'security', 'manager', 'agent', 'auditor']) {
      const created = await member(acme, owner.apiKey, role, `${role}@acme.test`);
      keys[role] = created.apiKey;
      ids[role] = created.id;
    }
    keys.globexOwner = (await member(globex, sd.operatorKey, 'owner', 'owner@globex.test')).apiKey;
    const operatorSecurity = await operatorMember('security');
    keys.operatorSecurity = operatorSecurity.apiKey;
    ids.operatorSecurity = operatorSecurity.id;
    keys.engineer = (await operatorMember('engineer')).apiKey;
  });

  afterAll(async () => {
    await sd?.close();
  });

  it('creates a webhook, shows its secret once, and stores the secret sealed', async () => {
    const created = await sd.request('POST', `${alerts(acme)}/webhooks`, { token: keys.security, body: { url: 'https://hooks.acme.test/sealdesk' } });
    expect(created.statusCode, created.body).toBe(201);
    const webhook = created.json();
    expect(webhook).toEqual({ id: expect.stringMatching(/^whk_[a-z2-7]{26}$/), url: 'https://hooks.acme.test/sealdesk', createdAt: '2026-03-01T09:00:00.000Z', secret: expect.stringMatching(/^sdwhsec_[\w-]{43}$/) });

    const listed = await sd.request('GET', `${alerts(acme)}/webhooks`, { token: keys.owner });
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual({ webhooks: [{ id: webhook.id, url: webhook.url, createdAt: webhook.createdAt }] });
    expect(listed.body).not.toContain(webhook.secret);

    const row = await sd.installation.store.db.selectFrom('alert_webhooks').selectAll().where('id', '=', webhook.id).executeTakeFirstOrThrow();
    const stored = Buffer.from(row.secret_enc);
    expect(stored.includes(Buffer.from(webhook.secret))).toBe(false);
    expect(stored.includes(Buffer.from(webhook.secret.slice('sdwhsec_'.length)))).toBe(false);
    const binding = { tenant: acme, table: 'alert_webhooks', column: 'secret', row: webhook.id };
    await expect(sd.installation.keyRing.openText(stored, binding, TEST_JUSTIFICATION)).resolves.toBe(webhook.secret);
    await expect(sd.installation.keyRing.openText(stored, { ...binding, row: 'whk_other' }, TEST_JUSTIFICATION)).rejects.toMatchObject({ code: 'decryption_failed' });
  });

  it('refuses plain http to a host that is not loopback, with a clear 400', async () => {
    const refused = await sd.request('POST', `${alerts(acme)}/webhooks`, { token: keys.owner, body: { url: 'http://hooks.acme.test/sealdesk' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/must use https; plain http is allowed only to a loopback address/) });

    const loopback = await sd.request('POST', `${alerts(acme)}/webhooks`, { token: keys.owner, body: { url: 'http://127.0.0.1:9/hook' } });
    expect(loopback.statusCode, loopback.body).toBe(201);
    const unknownField = await sd.request('POST', `${alerts(acme)}/webhooks`, { token: keys.owner, body: { url: 'https://a.test/', secret: 'mine' } });
    expect(unknownField.statusCode).toBe(400);
  });

  it.each(['agent', 'auditor', 'manager'])('does not let a tenant %s see or configure alerts', async (role) => {
    const token = keys[role];
    const attempts = [
      await sd.request('GET', alerts(acme), { token }),
      await sd.request('POST', `${alerts(acme)}/webhooks`, { token, body: { url: 'https://hooks.acme.test/x' } }),
      await sd.request('GET', `${alerts(acme)}/webhooks`, { token }),
      await sd.request('POST', `${alerts(acme)}/email-recipients`, { token, body: { email: 'soc@acme.test' } }),
    ];
    for (const response of attempts) {
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('access_denied');
    }
  });

  it("answers another tenant, and an unknown tenant, as not found", async () => {
    for (const response of [
      await sd.request('GET', alerts(acme), { token: keys.globexOwner }),
      await sd.request('POST', `${alerts(acme)}/webhooks`, { token: keys.globexOwner, body: { url: 'https://evil.test/' } }),
      await sd.request('GET', `${alerts(acme)}/email-recipients`, { token: keys.globexOwner }),
      await sd.request('GET', alerts('ten_aaaaaaaaaaaaaaaaaaaaaaaaaa'), { token: keys.owner }),
    ]) {
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('not_found');
    }
  });

  it('keeps tenant and operator scopes apart', async () => {
    expect((await sd.request('GET', '/v1/operator/alerts/webhooks', { token: keys.owner })).statusCode).toBe(403);
    expect((await sd.request('GET', '/v1/operator/alerts', { token: keys.engineer })).statusCode).toBe(403);
    expect((await sd.request('GET', alerts(acme), { token: keys.operatorSecurity })).statusCode).toBe(403);
    expect((await sd.request('GET', alerts(acme), { token: sd.operatorKey })).statusCode).toBe(403);

    const created = await sd.request('POST', '/v1/operator/alerts/webhooks', { token: keys.operatorSecurity, body: { url: 'https://soc.operator.test/hook' } });
    expect(created.statusCode, created.body).toBe(201);
    const row = await sd.installation.store.db.selectFrom('alert_webhooks').selectAll().where('id', '=', created.json().id).executeTakeFirstOrThrow();
    expect(row.scope).toBe('operator');
    await expect(
      sd.installation.keyRing.openText(row.secret_enc, { tenant: 'operator', table: 'alert_webhooks', column: 'secret', row: row.id }, TEST_JUSTIFICATION),
    ).resolves.toBe(created.json().secret);
    const listed = await sd.request('GET', '/v1/operator/alerts/webhooks', { token: sd.operatorKey });
    expect(listed.json().webhooks.map((webhook: { id: string }) => webhook.id)).toEqual([row.id]);
  });

  it('adds, lists and removes e-mail recipients, refusing duplicates', async () => {
    const added = await sd.request('POST', `${alerts(acme)}/email-recipients`, { token: keys.admin, body: { email: 'soc@acme.test' } });
    expect(added.statusCode, added.body).toBe(201);
    const recipient = added.json();
    expect(recipient).toEqual({ id: expect.stringMatching(/^rcp_/), email: 'soc@acme.test', createdAt: expect.any(String) });
    expect((await sd.request('POST', `${alerts(acme)}/email-recipients`, { token: keys.owner, body: { email: 'SOC@acme.test' } })).statusCode).toBe(409);
    expect((await sd.request('POST', `${alerts(acme)}/email-recipients`, { token: keys.owner, body: { email: 'not an address' } })).statusCode).toBe(400);
    expect((await sd.request('GET', `${alerts(acme)}/email-recipients`, { token: keys.security })).json()).toEqual({ recipients: [recipient] });

    expect((await sd.request('POST', `${alerts(globex)}/email-recipients/${recipient.id}/delete`, { token: keys.globexOwner })).statusCode).toBe(404);
    expect((await sd.request('POST', `${alerts(acme)}/email-recipients/${recipient.id}/delete`, { token: keys.owner })).statusCode).toBe(200);
    expect((await sd.request('POST', `${alerts(acme)}/email-recipients/${recipient.id}/delete`, { token: keys.owner })).statusCode).toBe(404);
    expect((await sd.request('GET', `${alerts(acme)}/email-recipients`, { token: keys.owner })).json()).toEqual({ recipients: [] });
  });

  it('removes webhooks, checking the id kind', async () => {
    const webhook = (await sd.request('POST', `${alerts(acme)}/webhooks`, { token: keys.owner, body: { url: 'https://hooks.acme.test/old' } })).json();
    expect((await sd.request('POST', `${alerts(acme)}/webhooks/rcp_aaaaaaaaaaaaaaaaaaaaaaaaaa/delete`, { token: keys.owner })).json().error.code).toBe('invalid_id');
    expect((await sd.request('POST', `${alerts(acme)}/webhooks/${webhook.id}/delete`, { token: keys.agent })).statusCode).toBe(403);
    expect((await sd.request('POST', `${alerts(acme)}/webhooks/${webhook.id}/delete`, { token: keys.owner })).json()).toEqual({ id: webhook.id });
    const listed = (await sd.request('GET', `${alerts(acme)}/webhooks`, { token: keys.owner })).json();
    expect(listed.webhooks.map((entry: { id: string }) => entry.id)).not.toContain(webhook.id);
  });

  it('lists alerts newest first and keeps the first acknowledgement', async () => {
    const deps = { db: sd.installation.store.db, clock: sd.clock };
    const first = await raiseAlert(deps, { scope: acme, kind: 'denial-burst', severity: 'warning', summary: alertSummary`${7} denials for ${ids.agent as `mem_${string}`}`, details: { memberId: ids.agent as `mem_${string}`, denials: 7 } });
    sd.clock.advance(1000);
    const second = await raiseAlert(deps, { scope: acme, kind: 'bulk-export', severity: 'info', summary: alertSummary`bulk export of ${120} conversations` });
    await raiseAlert(deps, { scope: globex, kind: 'bulk-export', severity: 'info', summary: alertSummary`bulk export of ${3} conversations` });

    const listed = await sd.request('GET', `${alerts(acme)}?limit=10`, { token: keys.security });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().alerts.map((alert: { id: string }) => alert.id)).toEqual([second.alert.id, first.alert.id]);
    expect(listed.json().alerts[1]).toEqual({
      id: first.alert.id,
      scope: acme,
      kind: 'denial-burst',
      severity: 'warning',
      summary: `7 denials for ${ids.agent}`,
      details: { memberId: ids.agent, denials: 7 },
      createdAt: '2026-03-01T09:00:00.000Z',
      acknowledgedAt: null,
      acknowledgedBy: null,
    });
    expect((await sd.request('GET', `${alerts(acme)}?limit=1`, { token: keys.owner })).json().alerts).toHaveLength(1);

    const acknowledge = (token: string | undefined, tenant = acme) => sd.request('POST', `${alerts(tenant)}/${first.alert.id}/acknowledge`, { token });
    const acknowledged = await acknowledge(keys.security);
    expect(acknowledged.statusCode, acknowledged.body).toBe(200);
    expect(acknowledged.json()).toMatchObject({ acknowledgedBy: ids.security, acknowledgedAt: '2026-03-01T09:00:01.000Z' });
    sd.clock.advance(1000);
    expect((await acknowledge(keys.admin)).json()).toMatchObject({ acknowledgedBy: ids.security, acknowledgedAt: '2026-03-01T09:00:01.000Z' });
    expect((await acknowledge(keys.agent)).statusCode).toBe(403);
    expect((await acknowledge(keys.globexOwner)).statusCode).toBe(404);
    expect((await acknowledge(keys.globexOwner, globex)).statusCode).toBe(404);
  });

  it("copies a tenant's alert to the operator when asked, with the tenant named in its details", async () => {
    const raised = await raiseAlert(
      { db: sd.installation.store.db, clock: sd.clock },
      { scope: acme, kind: 'break-glass', severity: 'critical', summary: alertSummary`break-glass by ${ids.admin as `mem_${string}`}`, copyToOperator: true },
    );
    expect(raised.operatorCopy).toBeDefined();
    const operatorAlerts = (await sd.request('GET', '/v1/operator/alerts', { token: keys.operatorSecurity })).json().alerts;
    expect(operatorAlerts).toEqual([expect.objectContaining({ id: raised.operatorCopy?.id, scope: 'operator', kind: 'break-glass', details: { tenantId: acme } })]);
    const tenantAlerts = (await sd.request('GET', alerts(acme), { token: keys.owner })).json().alerts;
    expect(tenantAlerts[0]).toMatchObject({ id: raised.alert.id, scope: acme, details: {} });

    const acknowledged = await sd.request('POST', `/v1/operator/alerts/${raised.operatorCopy?.id}/acknowledge`, { token: keys.operatorSecurity });
    expect(acknowledged.json()).toMatchObject({ acknowledgedBy: ids.operatorSecurity });
    expect((await sd.request('POST', `${alerts(acme)}/${raised.operatorCopy?.id}/acknowledge`, { token: keys.owner })).statusCode).toBe(404);
  });

  it('publishes the alert routes for both scopes in the OpenAPI document', async () => {
    const paths = Object.keys((await sd.request('GET', '/v1/openapi.json')).json().paths);
    for (const prefix of ['/v1/tenants/{tenantId}/alerts', '/v1/operator/alerts']) {
      expect(paths).toEqual(
        expect.arrayContaining([
          prefix,
          `${prefix}/{alertId}/acknowledge`,
          `${prefix}/webhooks`,
          `${prefix}/webhooks/{webhookId}/delete`,
          `${prefix}/email-recipients`,
          `${prefix}/email-recipients/{recipientId}/delete`,
        ]),
      );
    }
  });

  it('refuses to raise an alert for an unknown tenant or with free text in its details', async () => {
    const deps = { db: sd.installation.store.db, clock: sd.clock };
    await expect(
      raiseAlert(deps, { scope: 'ten_aaaaaaaaaaaaaaaaaaaaaaaaaa', kind: 'bulk-export', severity: 'info', summary: alertSummary`export` }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      raiseAlert(deps, { scope: acme, kind: 'bulk-export', severity: 'info', summary: alertSummary`export`, details: { who: 'jane@example.com' as `${string}_${string}` } }),
    ).rejects.toMatchObject({ code: 'internal' });
  });

  it('records every alert API call, allowed or denied, in the scope\'s audit log', async () => {
    await sd.request('POST', `${alerts(acme)}/email-recipients`, { token: keys.security, body: { email: 'soc@acme.test' } });
    await sd.request('POST', `${alerts(acme)}/webhooks`, { token: keys.agent, body: { url: 'https://hooks.acme.test/agent' } });
    const events = (await sd.installation.audit.read(acme, 0, 100_000)).map((entry) => entry.event);
    expect(events).toContainEqual(
      expect.objectContaining({ action: 'alerts.changed', outcome: 'allowed', details: { what: 'recipient-added' }, actor: expect.objectContaining({ role: 'security' }) }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({ action: 'alerts.changed', outcome: 'denied', details: { what: 'webhook-added' }, actor: expect.objectContaining({ role: 'agent' }) }),
    );
    expect(JSON.stringify(events)).not.toContain('soc@acme.test');
  });
});
