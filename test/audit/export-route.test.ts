import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashLeaf } from '../../src/audit/merkle/index.js';
import { canonicalJson, pruneExpiredBodies } from '../../src/audit/index.js';
import { createTestInstallation, type TestInstallation } from '../support/test-installation.js';
import { testDatabases } from '../support/test-databases.js';

const databases = await testDatabases();

interface Line {
  index: number;
  leafHash: string;
  event: Record<string, unknown> | null;
}

describe.each(databases)('the audit export API on $dialect', (database) => {
  let sd: TestInstallation;
  let tenantId: string;
  const keys: Record<string, string> = {};
  const base = () => `/v1/tenants/${tenantId}/audit`;

  /** One export page: its lines (each exactly canonical JSON) and the next cursor. */
  async function page(path: string, token = keys.auditor) {
    const response = await sd.request('GET', path, { token });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const text = response.body;
    expect(text === '' || text.endsWith('\n')).toBe(true);
    const lines = text.split('\n').slice(0, -1).map((line) => {
      expect(canonicalJson(JSON.parse(line))).toBe(line);
      return JSON.parse(line) as Line;
    });
    return { lines, next: Number(response.headers['x-sealdesk-next-cursor']) };
  }

  const checkpointSize = async () => Number((await sd.request('GET', `${base()}/checkpoint`, { token: keys.auditor })).body.split('\n')[1]);

  beforeAll(async () => {
    sd = await createTestInstallation(database);
    tenantId = (await sd.request('POST', '/v1/tenants', { token: sd.operatorKey, body: { name: 'Acme' } })).json().id;
    keys.owner = (
      await sd.request('POST', `/v1/tenants/${tenantId}/members`, { token: sd.operatorKey, body: { email: 'o@a.test', name: 'O', role: 'owner' } })
    ).json().apiKey;
    for (const role of ['auditor', 'agent', 'security', 'admin', 'manager']) {
      keys[role] = (
        await sd.request('POST', `/v1/tenants/${tenantId}/members`, { token: keys.owner, body: { email: `${role}@a.test`, name: role, role } })
      ).json().apiKey;
    }
    const conversation = (
      await sd.request('POST', `/v1/tenants/${tenantId}/conversations`, {
        token: keys.owner,
        body: { contact: { email: 'jane@example.test' }, message: { body: 'canary-7f3a: my parcel code is 4417' } },
      })
    ).json().id;
    for (let i = 0; i < 12; i++) await sd.request('GET', `/v1/conversations/${conversation}`, { token: i % 3 === 0 ? keys.agent : keys.owner });
  });

  afterAll(async () => {
    await sd?.close();
  });

  it('pages through the log with cursors, covering every entry exactly once and in order', async () => {
    const size = await checkpointSize();
    expect(size).toBeGreaterThan(15);
    const seen: Line[] = [];
    const calls: { from: number; to: number }[] = [];
    let cursor = 0;
    // Up to and past `size`: the last page holds the entries the earlier calls appended.
    while (cursor <= size) {
      const { lines, next } = await page(`${base()}/export?cursor=${cursor}&limit=4`);
      expect(lines.map((line) => line.index)).toEqual(Array.from({ length: next - cursor }, (_, i) => cursor + i));
      expect(next - cursor).toBeLessThanOrEqual(4);
      calls.push({ from: cursor, to: next });
      seen.push(...lines);
      cursor = next;
    }
    expect(seen.map((line) => line.index)).toEqual([...Array(cursor).keys()]);

    // The lines are the log's entries: same leaf hashes, and each event hashes to its leaf (RFC 9162 §2.1.1).
    const entries = (await sd.request('GET', `${base()}/entries?start=0&end=${cursor}`, { token: keys.auditor })).json().entries;
    for (const [i, line] of seen.entries()) {
      expect(line.leafHash).toBe(entries[i].leafHash);
      expect(line.event).toEqual(entries[i].event);
      expect(Buffer.from(await hashLeaf(new TextEncoder().encode(canonicalJson(line.event)))).toString('base64')).toBe(line.leafHash);
    }
    // Each call was itself logged, after the entries it returned.
    const logged = seen.filter((line) => line.index >= size).map((line) => line.event);
    expect(logged.length).toBeGreaterThan(0);
    for (const [i, event] of logged.entries()) {
      expect(event).toMatchObject({ action: 'audit.read', outcome: 'allowed', actor: { role: 'auditor' }, details: { what: 'export', ...calls[i] } });
    }
  });

  it('answers an empty page at the end with the same cursor, and refuses a cursor past the end', async () => {
    const size = await checkpointSize();
    expect(await page(`${base()}/export?cursor=${size}`)).toEqual({ lines: [], next: size });
    const next = await page(`${base()}/export?cursor=${size}`);
    expect(next.lines.map((line) => line.event?.action)).toEqual(['audit.read']);
    const beyond = await sd.request('GET', `${base()}/export?cursor=${size + 3}`, { token: keys.auditor });
    expect(beyond.statusCode).toBe(400);
    expect(beyond.json().error.code).toBe('invalid_request');
    expect((await sd.request('GET', `${base()}/export?limit=1001`, { token: keys.auditor })).statusCode).toBe(400);
  });

  it('sends ids, never the content or the contact', async () => {
    const response = await sd.request('GET', `${base()}/export?limit=1000`, { token: keys.security });
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain('canary-7f3a');
    expect(response.body).not.toContain('4417');
    expect(response.body).not.toContain('jane@example.test');
  });

  it.each([
    ['owner', 200],
    ['admin', 200],
    ['security', 200],
    ['auditor', 200],
    ['agent', 403],
    ['manager', 403],
  ])('lets a tenant %s export: %s', async (role, status) => {
    expect((await sd.request('GET', `${base()}/export?limit=1`, { token: keys[role] })).statusCode).toBe(status);
  });

  it('hides another tenant\'s log and keeps operator staff out of a tenant\'s', async () => {
    const other = (await sd.request('POST', '/v1/tenants', { token: sd.operatorKey, body: { name: 'Globex' } })).json().id;
    expect((await sd.request('GET', `/v1/tenants/${other}/audit/export`, { token: keys.auditor })).statusCode).toBe(404);
    expect((await sd.request('GET', `${base()}/export`, { token: sd.operatorKey })).statusCode).toBe(403);
    expect((await sd.request('GET', `${base()}/export`)).statusCode).toBe(401);
  });

  it('exports the operator\'s own log to the operator owner only', async () => {
    const { lines, next } = await page('/v1/operator/audit/export?limit=3', sd.operatorKey);
    expect(lines.map((line) => line.index)).toEqual([0, 1, 2]);
    expect(next).toBe(3);
    expect(lines[0]!.event).toMatchObject({ resource: { tenant: null } });
    expect((await sd.request('GET', '/v1/operator/audit/export', { token: keys.owner })).statusCode).toBe(403);
  });

  it('is described in the OpenAPI document', async () => {
    const paths = (await sd.request('GET', '/v1/openapi.json')).json().paths;
    for (const path of ['/v1/tenants/{tenantId}/audit/export', '/v1/operator/audit/export']) {
      expect(paths[path].get.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(expect.arrayContaining(['cursor', 'limit']));
    }
  });

  it('exports pruned entries as event null, with their leaf hash', async () => {
    sd.clock.advance(366 * 86_400_000);
    const pruned = await pruneExpiredBodies({ db: sd.installation.store.db, audit: sd.installation.audit, clock: sd.clock });
    const count = pruned.get(tenantId)!;
    expect(count).toBeGreaterThan(15);
    const { lines } = await page(`${base()}/export?cursor=0&limit=1000`);
    expect(lines.slice(0, count).every((line) => line.event === null && line.leafHash.length === 44)).toBe(true);
    expect(lines[count]!.event).toMatchObject({ action: 'audit.pruned' });
  });
});
