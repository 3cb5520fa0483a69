import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealdesk } from '../support/sealdesk-cli.js';
import { startRunningServer, type RunningServer } from '../support/running-server.js';

const reports = (stdout: string) => stdout.trim().split('\n').map((line) => JSON.parse(line));

describe('sealdesk privacy purge', () => {
  let directory: string;
  let dataDir: string;
  let server: RunningServer;
  let tenantId: string;
  let conversationId: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sealdesk-purge-cli-'));
    dataDir = join(directory, 'data');
    server = await startRunningServer(dataDir);
    tenantId = (await server.call('POST', '/v1/tenants', { token: server.operatorKey, body: { name: 'Acme' } })).json.id;
    const owner = (await server.call('POST', `/v1/tenants/${tenantId}/members`, { token: server.operatorKey, body: { email: 'o@a.test', name: 'O', role: 'owner' } })).json.apiKey;
    conversationId = (await server.call('POST', `/v1/tenants/${tenantId}/conversations`, { token: owner, body: { contact: { name: 'C' }, message: { body: 'canary-9d2f' } } })).json.id;
    // Resolved three years ago: past the default two years (the CLI runs on the real clock).
    const threeYearsAgo = new Date(Date.now() - 3 * 365 * 86_400_000).toISOString();
    await server.installation.store.db.updateTable('conversations').set({ status: 'resolved', updated_at: threeYearsAgo }).where('id', '=', conversationId).execute();
  });

  afterAll(async () => {
    await server?.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it('reports in a dry run, then deletes, recording the run as the retention job on the cli channel', async () => {
    const dry = await sealdesk(['privacy', 'purge', '--data-dir', dataDir, '--tenant', tenantId, '--dry-run']);
    expect(dry.status, dry.stderr).toBe(0);
    const [planned] = reports(dry.stdout);
    expect(planned).toMatchObject({ tenantId, dryRun: true, conversations: [{ id: conversationId, reason: 'resolved-expired', messages: 1 }], contacts: [] });
    const db = server.installation.store.db;
    expect(await db.selectFrom('messages').select('id').where('conversation_id', '=', conversationId).execute()).toHaveLength(1);

    const run = await sealdesk(['privacy', 'purge', '--data-dir', dataDir]);
    expect(run.status, run.stderr).toBe(0);
    expect(reports(run.stdout).find((report) => report.tenantId === tenantId)).toMatchObject({ dryRun: false, conversations: [{ id: conversationId }], messages: 1 });
    expect(await db.selectFrom('conversations').select('id').where('id', '=', conversationId).execute()).toEqual([]);
    expect(await db.selectFrom('messages').select('id').where('conversation_id', '=', conversationId).execute()).toEqual([]);
    const events = (await server.installation.audit.read(tenantId, 0, 10_000)).map((entry) => entry.event);
    expect(events.find((event) => event.action === 'conversation.purged')).toMatchObject({ actor: { kind: 'system', role: 'system:retention' }, channel: 'cli', resource: { conversation: conversationId } });
  });

  it('refuses a malformed tenant id without a stack trace', async () => {
    const bad = await sealdesk(['privacy', 'purge', '--data-dir', dataDir, '--tenant', 'acme']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe('sealdesk: invalid_id: --tenant must be a ten_ id.\n');
  });
});
