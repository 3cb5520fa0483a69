import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALERT_RETRY_DELAYS_MS,
  alertSummary,
  createSmtpMailer,
  createWebhookSender,
  deliverDueAlerts,
  MAX_DELIVERY_ATTEMPTS,
  raiseAlert,
  startAlertDelivery,
  type AlertDeliveryDeps,
} from '../../src/alerts/index.js';
import { createSelfSignedCertificate } from '../../src/server/index.js';
import { createTestInstallation, type TestInstallation } from '../support/test-installation.js';
import { testDatabases } from '../support/test-databases.js';
import { startSmtpReceiver, type SmtpReceiver } from './smtp-receiver.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

const databases = await testDatabases();
const CANARY = { email: 'jane.canary@example.test', name: 'Jane Canary', body: 'CANARY-BODY my card number is 4111' };

/** The receiver's check, exactly as docs/alerts.md tells receivers to do it. */
function verifySignature(secret: string, header: string, body: string, nowSeconds: number): boolean {
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=') as [string, string]));
  const timestamp = Number(parts.t);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${parts.t}.${body}`).digest();
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe.each(databases)('alert delivery on $dialect', (database) => {
  let sd: TestInstallation;
  let tls: { certPem: string; keyPem: string };
  let https: WebhookReceiver;
  let smtp: SmtpReceiver;
  let deps: AlertDeliveryDeps;
  let ownerKey: string;
  let tenantId: string;
  let conversationId: `cnv_${string}`;
  let memberId: `mem_${string}`;

  const alerts = (tenant: string) => `/v1/tenants/${tenant}/alerts`;
  const now = () => sd.clock.now();
  const deliveryRow = (alertId: string) =>
    sd.installation.store.db.selectFrom('alert_deliveries').selectAll().where('alert_id', '=', alertId).executeTakeFirstOrThrow();

  async function newTenant(name: string): Promise<{ id: string; ownerKey: string }> {
    const id = (await sd.request('POST', '/v1/tenants', { token: sd.operatorKey, body: { name } })).json().id;
    const owner = await sd.request('POST', `/v1/tenants/${id}/members`, {
      token: sd.operatorKey,
      body: { email: `owner@${name.toLowerCase()}.test`, name: 'Owner', role: 'owner' },
    });
    return { id, ownerKey: owner.json().apiKey };
  }

  async function addWebhook(tenant: string, token: string, url: string): Promise<{ id: string; secret: string }> {
    const response = await sd.request('POST', `${alerts(tenant)}/webhooks`, { token, body: { url } });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  beforeAll(async () => {
    sd = await createTestInstallation(database);
    tls = await createSelfSignedCertificate(new Date());
    https = await startWebhookReceiver(tls);
    smtp = await startSmtpReceiver();
    deps = {
      db: sd.installation.store.db,
      dialect: sd.installation.store.dialect,
      keyRing: sd.installation.keyRing,
      clock: sd.clock,
      webhooks: createWebhookSender({ ca: tls.certPem }),
      mailer: createSmtpMailer({ host: '127.0.0.1', port: smtp.port, secure: false, user: 'alerts', password: 's3cret', from: 'sealdesk@operator.test' }),
    };
    const acme = await newTenant('Acme');
    tenantId = acme.id;
    ownerKey = acme.ownerKey;
    const conversation = await sd.request('POST', `/v1/tenants/${tenantId}/conversations`, {
      token: ownerKey,
      body: { contact: { email: CANARY.email, name: CANARY.name }, message: { body: CANARY.body } },
    });
    conversationId = conversation.json().id;
    memberId = (await sd.request('POST', `/v1/tenants/${tenantId}/members`, { token: ownerKey, body: { email: 'eng@acme.test', name: 'Eng', role: 'admin' } })).json().id;
  });

  afterAll(async () => {
    await https?.close();
    await smtp?.close();
    await sd?.close();
  });

  it('delivers a raised alert to a signed webhook, by e-mail, and to the operator, once', async () => {
    const webhook = await addWebhook(tenantId, ownerKey, `https://localhost:${https.port}/acme`);
    const recipient = await sd.request('POST', `${alerts(tenantId)}/email-recipients`, { token: ownerKey, body: { email: 'soc@acme.test' } });
    expect(recipient.statusCode).toBe(201);
    const operatorHook = await sd.request('POST', '/v1/operator/alerts/webhooks', { token: sd.operatorKey, body: { url: `https://localhost:${https.port}/operator` } });
    const operatorSecret: string = operatorHook.json().secret;

    const { alert, operatorCopy } = await raiseAlert(deps, {
      scope: tenantId,
      kind: 'break-glass',
      severity: 'critical',
      summary: alertSummary`Break-glass access to ${conversationId} by ${memberId}`,
      details: { conversationId, memberId, fields: 2 },
      copyToOperator: true,
    });
    const reports = await deliverDueAlerts(deps, now());
    expect(reports).toHaveLength(3);
    expect(reports.every((report) => report.status === 'delivered' && report.attempts === 1)).toBe(true);

    const tenantRequest = https.received.find((request) => request.path === '/acme');
    expect(tenantRequest).toBeDefined();
    const { headers, body } = tenantRequest!;
    expect(headers['content-type']).toBe('application/json');
    expect(headers['x-sealdesk-alert-id']).toBe(alert.id);
    expect(verifySignature(webhook.secret, String(headers['x-sealdesk-signature']), body, now().getTime() / 1000)).toBe(true);
    expect(verifySignature(webhook.secret, String(headers['x-sealdesk-signature']), body, now().getTime() / 1000 + 301)).toBe(false);
    expect(verifySignature(webhook.secret, String(headers['x-sealdesk-signature']), body.replace('critical', 'info'), now().getTime() / 1000)).toBe(false);
    expect(verifySignature(operatorSecret, String(headers['x-sealdesk-signature']), body, now().getTime() / 1000)).toBe(false);
    expect(JSON.parse(body)).toEqual({
      id: alert.id,
      scope: tenantId,
      kind: 'break-glass',
      severity: 'critical',
      summary: `Break-glass access to ${conversationId} by ${memberId}`,
      details: { conversationId, memberId, fields: 2 },
      createdAt: now().toISOString(),
    });

    const operatorRequest = https.received.find((request) => request.path === '/operator');
    expect(JSON.parse(operatorRequest!.body)).toMatchObject({ id: operatorCopy?.id, scope: 'operator', details: { tenantId } });
    expect(verifySignature(operatorSecret, String(operatorRequest!.headers['x-sealdesk-signature']), operatorRequest!.body, now().getTime() / 1000)).toBe(true);

    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail).toMatchObject({ from: 'sealdesk@operator.test', to: ['soc@acme.test'] });
    expect(mail!.raw).toContain(`Subject: [Sealdesk] critical: break-glass (${tenantId})`);
    expect(mail!.raw).toContain(`Break-glass access to ${conversationId} by ${memberId}`);
    for (const sent of [mail!.raw, tenantRequest!.body, operatorRequest!.body]) {
      for (const secret of Object.values(CANARY)) expect(sent).not.toContain(secret);
      expect(sent).not.toContain('CANARY');
    }

    expect(await deliverDueAlerts(deps, now())).toEqual([]);
    sd.clock.advance(24 * 60 * 60_000);
    expect(await deliverDueAlerts(deps, now())).toEqual([]);
    expect(https.received).toHaveLength(2);
    await sd.request('POST', `${alerts(tenantId)}/webhooks/${webhook.id}/delete`, { token: ownerKey });
    await sd.request('POST', `${alerts(tenantId)}/email-recipients/${recipient.json().id}/delete`, { token: ownerKey });
    await sd.request('POST', `/v1/operator/alerts/webhooks/${operatorHook.json().id}/delete`, { token: sd.operatorKey });
  });

  it('retries a failing receiver on the backoff schedule, then marks the delivery failed', async () => {
    const globex = await newTenant('Globex');
    const receiver = await startWebhookReceiver();
    receiver.status = 500;
    await addWebhook(globex.id, globex.ownerKey, `http://127.0.0.1:${receiver.port}/hook`);
    const { alert } = await raiseAlert(deps, { scope: globex.id, kind: 'denial-burst', severity: 'warning', summary: alertSummary`${9} denials` });

    const first = await deliverDueAlerts(deps, now());
    expect(first).toEqual([expect.objectContaining({ alertId: alert.id, attempts: 1, status: 'pending', error: 'http_500' })]);
    expect(await deliveryRow(alert.id)).toMatchObject({ status: 'pending', attempts: 1, last_error: 'http_500', next_attempt_at: new Date(now().getTime() + 30_000).toISOString() });
    await receiver.close();

    for (const [index, delay] of ALERT_RETRY_DELAYS_MS.entries()) {
      sd.clock.advance(delay - 1000);
      expect(await deliverDueAlerts(deps, now()), 'not due yet').toEqual([]);
      sd.clock.advance(1000);
      const [report] = await deliverDueAlerts(deps, now());
      const attempts = index + 2;
      expect(report).toMatchObject({ attempts, error: 'connection_refused', status: attempts === MAX_DELIVERY_ATTEMPTS ? 'failed' : 'pending' });
    }
    expect(await deliveryRow(alert.id)).toMatchObject({ status: 'failed', attempts: MAX_DELIVERY_ATTEMPTS, last_error: 'connection_refused', next_attempt_at: null });
    sd.clock.advance(24 * 60 * 60_000);
    expect(await deliverDueAlerts(deps, now())).toEqual([]);
    expect(receiver.received).toHaveLength(1);
  });

  it('verifies TLS: a receiver whose certificate is not trusted is a failure', async () => {
    const initech = await newTenant('Initech');
    await addWebhook(initech.id, initech.ownerKey, `https://localhost:${https.port}/untrusted`);
    const { alert } = await raiseAlert(deps, { scope: initech.id, kind: 'bulk-export', severity: 'info', summary: alertSummary`export of ${40} conversations` });
    const reports = await deliverDueAlerts({ ...deps, webhooks: createWebhookSender() }, now());
    expect(reports).toEqual([expect.objectContaining({ alertId: alert.id, status: 'pending', error: 'tls_failed' })]);
    expect(https.received.some((request) => request.path === '/untrusted')).toBe(false);
    sd.clock.advance(30_000);
    expect(await deliverDueAlerts(deps, now())).toEqual([expect.objectContaining({ alertId: alert.id, status: 'delivered', attempts: 2 })]);
  });

  it('drops deliveries to a destination removed before they were sent', async () => {
    const umbrella = await newTenant('Umbrella');
    const webhook = await addWebhook(umbrella.id, umbrella.ownerKey, `https://localhost:${https.port}/umbrella`);
    const { alert } = await raiseAlert(deps, { scope: umbrella.id, kind: 'off-hours-access', severity: 'warning', summary: alertSummary`off-hours access by ${memberId}` });
    await sd.request('POST', `${alerts(umbrella.id)}/webhooks/${webhook.id}/delete`, { token: umbrella.ownerKey });
    expect(await deliverDueAlerts(deps, now())).toEqual([expect.objectContaining({ alertId: alert.id, status: 'failed', error: 'destination_removed' })]);
  });

  it('claims each job once when passes run concurrently', async () => {
    const hooli = await newTenant('Hooli');
    await addWebhook(hooli.id, hooli.ownerKey, `https://localhost:${https.port}/hooli`);
    const raised = [];
    for (let count = 0; count < 6; count++) {
      raised.push((await raiseAlert(deps, { scope: hooli.id, kind: 'anomalous-volume', severity: 'warning', summary: alertSummary`${count} reads` })).alert.id);
    }
    const passes = await Promise.all([deliverDueAlerts(deps, now(), { batchSize: 4 }), deliverDueAlerts(deps, now(), { batchSize: 4 })]);
    const more = await deliverDueAlerts(deps, now(), { batchSize: 4 });
    const delivered = [...passes.flat(), ...more].map((report) => report.alertId);
    expect(delivered.sort()).toEqual([...raised].sort());
    const ids = https.received.filter((request) => request.path === '/hooli').map((request) => request.headers['x-sealdesk-alert-id']);
    expect(ids.sort()).toEqual([...raised].sort());
  });

  it('sends e-mail over STARTTLS when the server offers it, and marks e-mail failed without SMTP settings', async () => {
    const secureSmtp = await startSmtpReceiver(tls);
    try {
      const stark = await newTenant('Stark');
      await sd.request('POST', `${alerts(stark.id)}/email-recipients`, { token: stark.ownerKey, body: { email: 'soc@stark.test' } });
      await raiseAlert(deps, { scope: stark.id, kind: 'audit-pruned', severity: 'info', summary: alertSummary`${120} audit entries pruned` });
      const noSmtp = await deliverDueAlerts({ ...deps, mailer: undefined }, now());
      expect(noSmtp).toEqual([expect.objectContaining({ status: 'pending', error: 'smtp_not_configured' })]);
      sd.clock.advance(30_000);
      const mailer = createSmtpMailer(
        { host: 'localhost', port: secureSmtp.port, secure: false, user: 'alerts', password: 's3cret', from: 'sealdesk@operator.test' },
        { ca: tls.certPem },
      );
      expect(await deliverDueAlerts({ ...deps, mailer }, now())).toEqual([expect.objectContaining({ status: 'delivered' })]);
      expect(secureSmtp.received).toEqual([expect.objectContaining({ to: ['soc@stark.test'], secure: true })]);
      expect(secureSmtp.received[0]!.raw).toContain('120 audit entries pruned');
    } finally {
      await secureSmtp.close();
    }
  });

  it('runs in the background until stopped', async () => {
    const wayne = await newTenant('Wayne');
    await addWebhook(wayne.id, wayne.ownerKey, `https://localhost:${https.port}/wayne`);
    const { alert } = await raiseAlert(deps, { scope: wayne.id, kind: 'bulk-export', severity: 'info', summary: alertSummary`export of ${2} conversations` });
    const arrived = https.next();
    const warnings: object[] = [];
    const worker = startAlertDelivery(deps, { intervalMs: 60_000, logger: { warn: (facts) => warnings.push(facts), error: (facts) => warnings.push(facts) } });
    const request = await arrived;
    await worker.stop();
    expect(request.headers['x-sealdesk-alert-id']).toBe(alert.id);
    expect(await deliveryRow(alert.id)).toMatchObject({ status: 'delivered' });
    expect(warnings).toEqual([]);
  });
});
