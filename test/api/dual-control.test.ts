import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCESS_POLICY } from '../../src/access/index.js';
import { openArchive } from '../../src/crypto/index.js';
import { createTestInstallation, type TestInstallation } from '../support/test-installation.js';
import { testDatabases } from '../support/test-databases.js';
import { call, createCast, openConversation, PII, PII_BODY, type Cast } from './tenant-cast.js';

const databases = await testDatabases();

describe.each(databases)('segregation of duties on $dialect', (database) => {
  let sd: TestInstallation;
  let acme: Cast;

  beforeAll(async () => {
    sd = await createTestInstallation(database);
    acme = await createCast(sd, 'Acme');
  });

  afterAll(async () => {
    await sd?.close();
  });

  const decide = (id: string, who: keyof Cast['keys'], verb = 'approve') => sd.request('POST', `/v1/access-requests/${id}/${verb}`, { token: acme.keys[who] });

  it('loosens the access policy only after a manager and a security officer, neither the proposer, approve', async () => {
    const proposal = { policy: { ...DEFAULT_ACCESS_POLICY, maxGrantMinutes: 24 * 60 }, purpose: 'Overnight investigations need longer grants', ticket: 'CHG-9' };
    expect((await call(sd, 'PUT', `/v1/tenants/${acme.tenantId}/access-policy`, acme.keys.manager, proposal)).statusCode).toBe(403);
    const proposed = await call(sd, 'PUT', `/v1/tenants/${acme.tenantId}/access-policy`, acme.keys.security, proposal);
    expect(proposed.statusCode, proposed.body).toBe(202);
    const requestId = proposed.json().requestId;

    const steps: [keyof Cast['keys'], number, string][] = [
      ['security', 403, 'self_approval_forbidden'],
      ['owner', 403, 'approver_not_eligible'],
      ['manager', 200, 'pending'],
      ['manager', 403, 'approver_not_eligible'],
      ['manager2', 403, 'approver_not_eligible'],
    ];
    for (const [who, status, outcome] of steps) {
      const response = await decide(requestId, who);
      expect(response.statusCode, `${who}: ${response.body}`).toBe(status);
      expect(status === 200 ? response.json().status : response.json().error.code).toBe(outcome);
    }
    const unchanged = await call(sd, 'GET', `/v1/tenants/${acme.tenantId}/access-policy`, acme.keys.owner);
    expect(unchanged.json()).toMatchObject({ version: 0, policy: { maxGrantMinutes: 480 } });

    const secondSecurity = await sd.request('POST', `/v1/tenants/${acme.tenantId}/members`, {
      token: acme.keys.owner,
      body: { email: 'security2@acme.test', name: 'Second security officer', role: 'security' },
    });
    const approved = await sd.request('POST', `/v1/access-requests/${requestId}/approve`, { token: secondSecurity.json().apiKey });
    expect(approved.json()).toMatchObject({ status: 'approved', kind: 'policy-change' });
    const changed = await call(sd, 'GET', `/v1/tenants/${acme.tenantId}/access-policy`, acme.keys.auditor);
    expect(changed.json()).toMatchObject({ version: 1, policy: { maxGrantMinutes: 24 * 60 } });
    const log = await sd.installation.audit.read(acme.tenantId, 0, 100_000);
    expect(log.some((entry) => entry.event.action === 'access-policy.changed' && entry.event.reason.grant === requestId)).toBe(true);
  });

  it('exports every conversation once, after dual control, into an archive only the passphrase opens', async () => {
    const conversationIds = [await openConversation(sd, acme), await openConversation(sd, acme, 'Second conversation, nothing personal')];
    const asked = await sd.request('POST', `/v1/tenants/${acme.tenantId}/exports`, {
      token: acme.keys.admin,
      body: { purpose: 'Customer asked for all their support history', ticket: 'DSR-12', durationMinutes: 30 },
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const exportId = asked.json().id;
    expect((await sd.request('POST', `/v1/tenants/${acme.tenantId}/exports`, { token: acme.keys.manager, body: { purpose: 'I would like it too', ticket: 'X-1', durationMinutes: 30 } })).statusCode).toBe(403);

    const run = (token: string, body?: unknown) => sd.request('POST', `/v1/access-requests/${exportId}/export`, { token, ...(body !== undefined && { body }) });
    const early = await run(acme.keys.admin, { passphrase: 'correct horse battery staple' });
    expect(early.statusCode).toBe(403);
    expect(early.json().error.code).toBe('dual_control_required');
    expect((await decide(exportId, 'admin')).json().error.code).toBe('self_approval_forbidden');
    expect((await decide(exportId, 'manager')).json().status).toBe('pending');
    expect((await run(acme.keys.admin, { passphrase: 'correct horse battery staple' })).statusCode).toBe(403);
    expect((await decide(exportId, 'security')).json().status).toBe('approved');

    expect((await run(acme.keys.owner, { passphrase: 'correct horse battery staple' })).statusCode, 'only the requester runs it').toBe(403);
    const exported = await run(acme.keys.admin, { passphrase: 'correct horse battery staple' });
    expect(exported.statusCode, exported.body).toBe(200);
    expect(exported.json()).not.toHaveProperty('key');
    expect(exported.body).not.toContain(PII.card);
    const { archive } = exported.json();
    expect(archive).toMatchObject({ format: 'sealdesk-archive', aead: 'AES-256-GCM', kdf: { name: 'scrypt' }, context: [acme.tenantId, exportId, expect.any(String)] });

    const plaintext = JSON.parse((await openArchive(archive, { passphrase: 'correct horse battery staple' })).toString('utf8'));
    expect(plaintext).toMatchObject({ format: 'sealdesk-export', tenantId: acme.tenantId, exportId });
    expect(plaintext.conversations.map((conversation: { id: string }) => conversation.id)).toEqual(expect.arrayContaining(conversationIds));
    const first = plaintext.conversations.find((conversation: { id: string }) => conversation.id === conversationIds[0]);
    expect(first).toMatchObject({ contact: { email: PII.email, name: 'Jane Roe' }, messages: [{ body: PII_BODY }] });
    await expect(openArchive(archive, { passphrase: 'wrong horse battery staple' })).rejects.toMatchObject({ code: 'decryption_failed' });
    await expect(openArchive({ ...archive, context: [acme.tenantId, 'acr_other', archive.context[2]] }, { passphrase: 'correct horse battery staple' })).rejects.toMatchObject({
      code: 'decryption_failed',
    });

    const twice = await run(acme.keys.admin, { passphrase: 'correct horse battery staple' });
    expect(twice.statusCode, 'an export grant opens one export').toBe(409);
    const log = await sd.installation.audit.read(acme.tenantId, 0, 100_000);
    const event = log.find((entry) => entry.event.action === 'conversations.exported' && entry.event.outcome === 'allowed');
    expect(event?.event).toMatchObject({ actor: { id: acme.ids.admin }, reason: { grant: exportId, ticket: 'DSR-12', rule: 'dual-control-export' } });
  });

  it('returns a fresh key once when no passphrase is given', async () => {
    const asked = await sd.request('POST', `/v1/tenants/${acme.tenantId}/exports`, {
      token: acme.keys.owner,
      body: { purpose: 'Migration to a new region', ticket: 'MIG-3', durationMinutes: 30 },
    });
    const exportId = asked.json().id;
    await decide(exportId, 'manager2');
    await decide(exportId, 'security');
    const exported = await sd.request('POST', `/v1/access-requests/${exportId}/export`, { token: acme.keys.owner });
    expect(exported.statusCode, exported.body).toBe(200);
    const { archive, key } = exported.json();
    expect(archive.kdf).toEqual({ name: 'none' });
    expect(Buffer.from(key, 'base64url')).toHaveLength(32);
    const plaintext = JSON.parse((await openArchive(archive, { key })).toString('utf8'));
    expect(plaintext.conversations.length).toBe(exported.json().conversationCount);
    const keys = await sd.installation.store.db.selectFrom('access_grants').selectAll().execute();
    expect(JSON.stringify(keys)).not.toContain(key);
  });
});
