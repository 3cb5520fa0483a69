import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle, type LogBundle } from '../../src/audit/client/index.js';
import { pruneExpiredBodies } from '../../src/audit/index.js';
import { createTestInstallation, type TestInstallation } from '../support/test-installation.js';
import { testDatabases } from '../support/test-databases.js';

const databases = await testDatabases();

describe.each(databases)('the verifiable audit log on $dialect', (database) => {
  let sd: TestInstallation;
  let tenantId: string;
  const keys: Record<string, string> = {};
  let conversationId: string;

  const base = () => `/v1/tenants/${tenantId}/audit`;
  const get = async (path: string, token = keys.auditor) => {
    const response = await sd.request('GET', `${base()}${path}`, { token });
    expect(response.statusCode, response.body).toBe(200);
    return response;
  };

  /** What a customer fetches: the checkpoint, a consistency proof, inclusion proofs, every entry. */
  async function bundle(fromSize?: number, entries: number[] = []): Promise<LogBundle> {
    const checkpoint = (await get('/checkpoint')).body;
    const size = Number(checkpoint.split('\n')[1]);
    const all = (await get(`/entries?start=0&end=${size}`)).json().entries as { index: number; leafBytes: string | null; leafHash: string }[];
    return {
      format: 'sealdesk-audit-bundle/v1',
      checkpoint,
      ...(fromSize !== undefined && { consistency: (await get(`/proof/consistency?from=${fromSize}&to=${size}`)).json() }),
      entries: await Promise.all(
        entries.map(async (index) => ({
          index,
          leafBytes: all[index]!.leafBytes!,
          inclusionProof: (await get(`/proof/inclusion?index=${index}&size=${size}`)).json().proof,
        })),
      ),
      fullLog: all.map((entry) => (entry.leafBytes === null ? { leafHash: entry.leafHash } : { leafBytes: entry.leafBytes })),
    };
  }

  beforeAll(async () => {
    sd = await createTestInstallation(database);
    tenantId = (await sd.request('POST', '/v1/tenants', { token: sd.operatorKey, body: { name: 'Acme' } })).json().id;
    keys.owner = (
      await sd.request('POST', `/v1/tenants/${tenantId}/members`, { token: sd.operatorKey, body: { email: 'o@a.test', name: 'O', role: 'owner' } })
    ).json().apiKey;
    for (const role of ['auditor', 'agent', 'security']) {
      keys[role] = (
        await sd.request('POST', `/v1/tenants/${tenantId}/members`, { token: keys.owner, body: { email: `${role}@a.test`, name: role, role } })
      ).json().apiKey;
    }
    conversationId = (
      await sd.request('POST', `/v1/tenants/${tenantId}/conversations`, {
        token: keys.owner,
        body: { contact: { email: 'jane@example.test' }, message: { body: 'very private' } },
      })
    ).json().id;
    await sd.request('GET', `/v1/conversations/${conversationId}`, { token: keys.owner });
    await sd.request('GET', `/v1/conversations/${conversationId}`, { token: keys.auditor });
  });

  afterAll(async () => {
    await sd?.close();
  });

  it('publishes a signed checkpoint that verifies with the published key, and every entry rebuilds its root', async () => {
    const key = (await get('/key')).body.trim();
    expect(key).toMatch(new RegExp(`^sealdesk/audit/${tenantId}\\+[0-9a-f]{8}\\+[A-Za-z0-9+/=]+$`));
    const report = await verifyBundle(await bundle(undefined, [0, 2]), key);
    expect(report.checks.filter((check) => !check.ok)).toEqual([]);
    expect(report.checks.map((check) => check.name)).toEqual(
      expect.arrayContaining(['new_checkpoint', 'origin', 'inclusion', 'full_log']),
    );
  });

  it('proves that today\'s log extends the checkpoint a customer kept yesterday', async () => {
    const key = (await get('/key')).body.trim();
    const kept = (await get('/checkpoint')).body;
    const keptSize = Number(kept.split('\n')[1]);
    await sd.request('GET', `/v1/conversations/${conversationId}`, { token: keys.owner });
    const report = await verifyBundle(await bundle(keptSize), key, kept);
    expect(report.ok, JSON.stringify(report.checks)).toBe(true);
    expect(report.checks.find((check) => check.name === 'consistency')?.ok).toBe(true);
  });

  it('records who read what, when, how and why — and never the content', async () => {
    const search = (await get(`/search?conversation=${conversationId}&action=content.read`)).json().entries;
    expect(search.length).toBeGreaterThanOrEqual(2);
    const denied = search.find((entry: { event: { outcome: string } }) => entry.event.outcome === 'denied');
    expect(denied.event).toMatchObject({ actor: { role: 'auditor', tenant: tenantId }, channel: 'api', reason: { rule: 'role-not-permitted' } });
    const everything = (await get('/entries')).body;
    expect(everything).not.toContain('very private');
    expect(Buffer.from(everything).toString()).not.toContain('jane@example.test');
    const leaves = (await get('/entries')).json().entries as { leafBytes: string }[];
    expect(leaves.some((entry) => Buffer.from(entry.leafBytes, 'base64').toString().includes('jane'))).toBe(false);
  });

  it('serves entries with their exact leaf bytes as canonical JSON', async () => {
    const entry = (await get('/entries?start=0&end=1')).json().entries[0];
    const text = Buffer.from(entry.leafBytes, 'base64').toString('utf8');
    expect(JSON.parse(text)).toEqual(entry.event);
    const keysInOrder = Object.keys(JSON.parse(text));
    expect(keysInOrder).toEqual([...keysInOrder].sort());
  });

  it('lets only the tenant\'s owner, admin, security officer and auditor read the log', async () => {
    expect((await sd.request('GET', `${base()}/checkpoint`, { token: keys.agent })).statusCode).toBe(403);
    expect((await sd.request('GET', `${base()}/entries`, { token: sd.operatorKey })).statusCode).toBe(403);
    expect((await sd.request('GET', `${base()}/entries`, { token: keys.security })).statusCode).toBe(200);
    const other = (await sd.request('POST', '/v1/tenants', { token: sd.operatorKey, body: { name: 'Globex' } })).json().id;
    expect((await sd.request('GET', `/v1/tenants/${other}/audit/checkpoint`, { token: keys.auditor })).statusCode).toBe(404);
  });

  it('answers proof requests outside the log with a clear 400', async () => {
    const response = await sd.request('GET', `${base()}/proof/inclusion?index=5&size=100000`, { token: keys.auditor });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_request');
  });

  it('serves the operator\'s own log to the operator owner', async () => {
    const checkpoint = await sd.request('GET', '/v1/operator/audit/checkpoint', { token: sd.operatorKey });
    expect(checkpoint.statusCode).toBe(200);
    expect(checkpoint.body).toMatch(/^sealdesk\/audit\/operator\n\d+\n/);
    expect((await sd.request('GET', '/v1/operator/audit/checkpoint', { token: keys.owner })).statusCode).toBe(403);
  });

  it('prunes bodies past retention but keeps leaf hashes, so the old checkpoint still verifies', async () => {
    const key = (await get('/key')).body.trim();
    const kept = (await get('/checkpoint')).body;
    expect((await sd.request('POST', `${base()}/retention`, { token: keys.auditor, body: { days: 400 } })).statusCode).toBe(403);
    expect((await sd.request('POST', `${base()}/retention`, { token: keys.owner, body: { days: 30 } })).statusCode).toBe(400);
    expect((await sd.request('POST', `${base()}/retention`, { token: keys.owner, body: { days: 400 } })).statusCode).toBe(200);
    sd.clock.advance(401 * 86_400_000);
    const pruned = await pruneExpiredBodies({ db: sd.installation.store.db, audit: sd.installation.audit, clock: sd.clock });
    expect(pruned.get(tenantId)).toBeGreaterThan(5);

    const after = await bundle(Number(kept.split('\n')[1]));
    expect(after.fullLog!.filter((leaf) => 'leafHash' in leaf).length).toBe(pruned.get(tenantId));
    const report = await verifyBundle(after, key, kept);
    expect(report.ok, JSON.stringify(report.checks)).toBe(true);
    const logged = (await get('/search?action=audit.pruned')).json().entries[0].event;
    expect(logged).toMatchObject({ action: 'audit.pruned', details: { entries: pruned.get(tenantId) } });
  });
});
