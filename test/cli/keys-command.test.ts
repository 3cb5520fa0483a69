import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealdesk } from '../support/sealdesk-cli.js';
import { startRunningServer, type RunningServer } from '../support/running-server.js';

describe('sealdesk keys disable|enable|state', () => {
  let directory: string;
  let dataDir: string;
  let server: RunningServer;
  let tenantId: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sealdesk-keys-cli-'));
    dataDir = join(directory, 'data');
    server = await startRunningServer(dataDir);
    tenantId = (await server.call('POST', '/v1/tenants', { token: server.operatorKey, body: { name: 'Acme' } })).json.id;
  });

  afterAll(async () => {
    await server?.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it('disables and enables a tenant key beside a running serve, as the system on the cli channel, with the ticket', async () => {
    const disabled = await sealdesk(['keys', 'disable', '--data-dir', dataDir, '--tenant', tenantId, '--ticket', 'SEC-7']);
    expect(disabled.status, disabled.stderr).toBe(0);
    expect(JSON.parse(disabled.stdout)).toMatchObject({ tenantId, state: 'disabled', changedBy: 'system', versions: [{ version: 1, origin: 'generated' }] });
    expect((await server.installation.keyRing.tenantKeyState(tenantId))?.state, 'serve reads the same state').toBe('disabled');

    const state = await sealdesk(['keys', 'state', '--data-dir', dataDir, '--tenant', tenantId]);
    expect(JSON.parse(state.stdout)).toMatchObject({ state: 'disabled' });
    const enabled = await sealdesk(['keys', 'enable', '--data-dir', dataDir, '--tenant', tenantId, '--ticket', 'SEC-7']);
    expect(JSON.parse(enabled.stdout)).toMatchObject({ state: 'enabled' });

    const events = (await server.installation.audit.read(tenantId, 0, 10_000)).map((entry) => entry.event);
    expect(events.find((event) => event.action === 'key.disabled')).toMatchObject({
      actor: { kind: 'system', role: 'system:keys-disable' },
      channel: 'cli',
      outcome: 'allowed',
      reason: { ticket: 'SEC-7' },
    });
    expect(events.some((event) => event.action === 'key.enabled')).toBe(true);
  });

  it('refuses an unknown tenant and a missing ticket without a stack trace', async () => {
    const unknown = await sealdesk(['keys', 'disable', '--data-dir', dataDir, '--tenant', 'ten_aaaaaaaaaaaaaaaaaaaaaaaaaa', '--ticket', 'SEC-7']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe('sealdesk: not_found: No such resource.\n');
    const noTicket = await sealdesk(['keys', 'disable', '--data-dir', dataDir, '--tenant', tenantId]);
    expect(noTicket.status).toBe(2);
  });
});
