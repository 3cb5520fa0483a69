import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/audit/index.js';
import { newId } from '../../src/common/index.js';
import { runMonitors, saveMonitorSettings, DEFAULT_MONITOR_SETTINGS, monitorSettingsSchema } from '../../src/monitors/index.js';
import { createTestInstallation, type TestInstallation } from '../support/test-installation.js';
import { testDatabases } from '../support/test-databases.js';

const databases = await testDatabases();

describe.each(databases)('audit monitors on $dialect', (database) => {
  let sd: TestInstallation;
  let tenantId: string;
  let ownerKey: string;
  const agent = 'mem_agentaaaaaaaaaaaaaaaaaaaaa';

  /** Appends a crafted event to the tenant's log at `time`. */
  async function record(time: string, overrides: Partial<AuditEvent> & { conversation?: string }) {
    const { conversation, ...rest } = overrides;
    await sd.installation.audit.append(tenantId, {
      v: 1,
      time,
      actor: { id: agent, kind: 'member', role: 'agent', team: null, tenant: tenantId },
      action: 'content.read',
      resource: { tenant: tenantId, ...(conversation && { conversation }) },
      channel: 'api',
      reason: { rule: 'assigned-agent', grant: null, ticket: null },
      outcome: 'allowed',
      requestId: newId('request'),
      ...rest,
    });
  }

  const reads = (count: number, start: string, stepSeconds: number) =>
    Array.from({ length: count }, (_, i) => ({
      time: new Date(new Date(start).getTime() + i * stepSeconds * 1000).toISOString(),
      conversation: newId('conversation'),
    }));

  async function alerts(kind?: string) {
    const rows = await sd.installation.store.db.selectFrom('alerts').selectAll().where('scope', '=', tenantId).execute();
    return kind === undefined ? rows : rows.filter((row) => row.kind === kind);
  }

  const monitor = () => runMonitors({ db: sd.installation.store.db, audit: sd.installation.audit, clock: sd.clock });

  beforeEach(async () => {
    sd = await createTestInstallation(database);
    tenantId = (await sd.request('POST', '/v1/tenants', { token: sd.operatorKey, body: { name: 'Acme' } })).json().id;
    ownerKey = (
      await sd.request('POST', `/v1/tenants/${tenantId}/members`, { token: sd.operatorKey, body: { email: 'o@a.test', name: 'O', role: 'owner' } })
    ).json().apiKey;
  });

  afterEach(async () => {
    await sd?.close();
  });

  it('stays quiet on a normal working day', async () => {
    for (const read of reads(20, '2026-03-02T09:00:00Z', 600)) await record(read.time, { conversation: read.conversation });
    for (let i = 0; i < 3; i++) await record(`2026-03-02T10:0${i}:00Z`, { outcome: 'denied', reason: { rule: 'agent-not-assigned', grant: null, ticket: null } });
    expect(await monitor()).toBe(0);
    expect(await alerts()).toEqual([]);
  });

  it('raises one alert when a principal reads more distinct conversations than allowed in the window', async () => {
    for (const read of reads(60, '2026-03-02T09:00:00Z', 30)) await record(read.time, { conversation: read.conversation });
    expect(await monitor()).toBe(1);
    const [alert] = await alerts('anomalous-volume');
    expect(alert).toMatchObject({ severity: 'warning' });
    expect(alert!.summary).toBe(`${agent} read 51 distinct conversations within the volume window`);
    const operatorCopies = await sd.installation.store.db.selectFrom('alerts').selectAll().where('scope', '=', 'operator').execute();
    expect(operatorCopies.map((row) => row.kind)).toEqual(['anomalous-volume']);
    expect(await monitor()).toBe(0);
  });

  it('raises an alert for content read outside the tenant\'s working hours, in its time zone', async () => {
    await saveMonitorSettings(
      sd.installation.store.db,
      tenantId,
      { ...DEFAULT_MONITOR_SETTINGS, offHours: { enabled: true, timeZone: 'Europe/Berlin', startHour: 8, endHour: 18, days: [1, 2, 3, 4, 5] } },
      sd.clock.now(),
    );
    await record('2026-03-02T08:30:00Z', { conversation: 'cnv_aaaaaaaaaaaaaaaaaaaaaaaaaa' }); // 09:30 in Berlin, Monday
    await record('2026-03-02T16:59:00Z', { conversation: 'cnv_aaaaaaaaaaaaaaaaaaaaaaaaaa' }); // 17:59 in Berlin
    expect(await monitor()).toBe(0);
    await record('2026-03-02T22:30:00Z', { conversation: 'cnv_aaaaaaaaaaaaaaaaaaaaaaaaaa' }); // 23:30 in Berlin
    await record('2026-03-02T22:45:00Z', { conversation: 'cnv_bbbbbbbbbbbbbbbbbbbbbbbbbb' }); // same night: same alert
    await record('2026-03-07T10:00:00Z', { conversation: 'cnv_aaaaaaaaaaaaaaaaaaaaaaaaaa' }); // Saturday
    expect(await monitor()).toBe(2);
    expect((await alerts('off-hours-access')).length).toBe(2);
  });

  it('raises an alert on a burst of denials, not on a few', async () => {
    const denied = { outcome: 'denied' as const, reason: { rule: 'agent-not-assigned', grant: null, ticket: null } };
    for (let i = 0; i < 10; i++) await record(`2026-03-02T10:00:${String(i * 5).padStart(2, '0')}Z`, denied);
    expect(await monitor()).toBe(0);
    await record('2026-03-02T10:01:00Z', denied);
    expect(await monitor()).toBe(1);
    expect((await alerts('denial-burst'))[0]!.summary).toContain('denied access 11 times');
  });

  it('raises a critical alert on every bulk export', async () => {
    await record('2026-03-02T10:00:00Z', { action: 'conversations.exported' });
    expect(await monitor()).toBe(1);
    expect((await alerts('bulk-export'))[0]).toMatchObject({ severity: 'critical' });
  });

  it('raises an alert on every change of the tenant key, critical for its destruction, and none for a refused one', async () => {
    await record('2026-03-02T10:00:00Z', { action: 'key.destroyed' });
    await record('2026-03-02T10:01:00Z', { action: 'key.customer-key-adopted' });
    await record('2026-03-02T10:02:00Z', { action: 'key.imported', outcome: 'denied', reason: { rule: 'no-live-grant', grant: null, ticket: null } });
    expect(await monitor()).toBe(2);
    const raised = await alerts('key-change');
    expect(raised.map((alert) => alert.severity).sort()).toEqual(['critical', 'warning']);
    expect(raised.find((alert) => alert.severity === 'critical')!.summary).toContain('the tenant key was destroyed');
  });

  it('reads settings saved before the key-change rule existed with the rule on', async () => {
    const { keyChanges: _omitted, ...older } = DEFAULT_MONITOR_SETTINGS;
    expect(monitorSettingsSchema.parse(older).keyChanges).toEqual({ enabled: true });
  });

  it('lets owners and security officers change the rules, and records the change', async () => {
    const auditor = (
      await sd.request('POST', `/v1/tenants/${tenantId}/members`, { token: ownerKey, body: { email: 'au@a.test', name: 'A', role: 'auditor' } })
    ).json().apiKey;
    const settings = { ...DEFAULT_MONITOR_SETTINGS, volume: { enabled: true, maxConversations: 5, windowMinutes: 30 } };
    expect((await sd.request('POST', `/v1/tenants/${tenantId}/monitors`, { token: auditor, body: settings })).statusCode).toBe(403);
    const bad = await sd.request('POST', `/v1/tenants/${tenantId}/monitors`, {
      token: ownerKey,
      body: { ...settings, offHours: { ...settings.offHours, timeZone: 'Mars/Olympus' } },
    });
    expect(bad.statusCode).toBe(400);
    expect((await sd.request('POST', `/v1/tenants/${tenantId}/monitors`, { token: ownerKey, body: settings })).statusCode).toBe(200);
    expect((await sd.request('GET', `/v1/tenants/${tenantId}/monitors`, { token: ownerKey })).json().volume.maxConversations).toBe(5);
    const changed = await sd.installation.audit.search(tenantId, { action: 'monitors.changed', limit: 10 });
    expect(changed).toHaveLength(1);
  });
});
