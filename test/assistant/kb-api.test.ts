import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestInstallation, type TestInstallation } from '../support/test-installation.js';
import { testDatabases } from '../support/test-databases.js';

const databases = await testDatabases();

const SECRET_PHRASE = 'the quartz-lantern relay';
const ARTICLE = `# Relay setup\n\nBrightloom relays need ${SECRET_PHRASE} before they sync.\n\n## Pairing a relay\n\n1. Open Settings > Relays.\n2. Select Pair and scan the code on the relay.\n`;

describe.each(databases)('the knowledge base API on $dialect', (database) => {
  let sd: TestInstallation;
  const tenants: Record<'acme' | 'globex', string> = { acme: '', globex: '' };
  const keys: Record<string, string> = {};

  async function member(tenant: string, token: string, role: string, email: string): Promise<string> {
    const response = await sd.request('POST', `/v1/tenants/${tenant}/members`, { token, body: { email, name: role, role } });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().apiKey;
  }

  const kb = (tenant: 'acme' | 'globex', path = '') => `/v1/tenants/${tenants[tenant]}/kb/articles${path}`;
  const ask = (tenant: 'acme' | 'globex', token: string, question: string) =>
    sd.request('POST', `/v1/tenants/${tenants[tenant]}/assistant/answer`, { token, body: { question } });

  beforeAll(async () => {
    sd = await createTestInstallation(database);
    for (const name of ['acme', 'globex'] as const) {
      tenants[name] = (await sd.request('POST', '/v1/tenants', { token: sd.operatorKey, body: { name } })).json().id;
      keys[`${name}.owner`] = await member(tenants[name], sd.operatorKey, 'owner', `owner@${name}.test`);
      for (const role of ['manager', 'agent', 'security']) keys[`${name}.${role}`] = await member(tenants[name], keys[`${name}.owner`]!, role, `${role}@${name}.test`);
    }
  });
  afterAll(() => sd?.close());

  it('lets a manager add an article, seals its title and body, and audits the write', async () => {
    const created = await sd.request('POST', kb('acme'), { token: keys['acme.manager'], body: { title: 'Relay setup', format: 'markdown', body: ARTICLE } });
    expect(created.statusCode, created.body).toBe(201);
    const id: string = created.json().id;
    expect(id).toMatch(/^kba_/);

    const row = await sd.installation.store.db.selectFrom('kb_articles').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.source_id).toBe(id);
    for (const sealed of [row.title_enc, row.body_enc]) {
      expect(Buffer.from(sealed).subarray(0, 2).toString('latin1')).toBe('SD');
      expect(Buffer.from(sealed).toString('latin1')).not.toContain('quartz');
      expect(Buffer.from(sealed).toString('latin1')).not.toContain('Relay');
    }

    const entries = await sd.installation.store.db.selectFrom('audit_entries').select(['action', 'outcome', 'body']).where('log_id', '=', tenants.acme).execute();
    const event = entries.find((entry) => entry.action === 'kb.article-created');
    expect(event?.outcome).toBe('allowed');
    expect(event?.body).toContain(id);
    expect(event?.body).not.toContain('quartz');
  });

  it.each([
    ['an agent cannot write', 'acme.agent', 'acme', 403],
    ['a security officer cannot write', 'acme.security', 'acme', 403],
    ["another tenant's owner sees nothing", 'globex.owner', 'acme', 404],
  ] as const)('%s', async (_, key, tenant, status) => {
    const response = await sd.request('POST', kb(tenant), { token: keys[key], body: { title: 'X', format: 'text', body: 'Y' } });
    expect(response.statusCode, response.body).toBe(status);
  });

  it('records a refused write in the tenant log', async () => {
    const entries = await sd.installation.store.db.selectFrom('audit_entries').select(['action', 'outcome']).where('log_id', '=', tenants.acme).execute();
    expect(entries).toContainEqual({ action: 'kb.article-created', outcome: 'denied' });
  });

  it.each([
    ['the owner', 'acme.owner', 200],
    ['an agent', 'acme.agent', 200],
    ['a security officer', 'acme.security', 403],
    ['operator staff', 'operator', 404],
    ["another tenant's owner", 'globex.owner', 404],
  ] as const)('listing articles: %s → %i', async (_, key, status) => {
    const response = await sd.request('GET', kb('acme'), { token: key === 'operator' ? sd.operatorKey : keys[key] });
    expect(response.statusCode, response.body).toBe(status);
    if (status === 200) expect(response.json().articles.map((article: { title: string }) => article.title)).toEqual(['Relay setup']);
  });

  it("answers from the tenant's own articles only", async () => {
    const own = await ask('acme', keys['acme.agent']!, 'How do I pair a relay?');
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().handoff).toBe(false);
    expect(own.json().citations[0].title).toBe('Relay setup');
    expect(own.json().answer).toContain('Select Pair');

    const other = await ask('globex', keys['globex.agent']!, 'How do I pair a relay?');
    expect(other.json()).toMatchObject({ handoff: true, citations: [], trace: { passages: [], handoffReason: 'no-passages' } });
    expect(other.body).not.toContain('quartz');

    const across = await ask('acme', keys['globex.owner']!, 'How do I pair a relay?');
    expect(across.statusCode).toBe(404);
  });

  it('rebuilds the index when an article changes or is deleted', async () => {
    const [article] = (await sd.request('GET', kb('acme'), { token: keys['acme.owner'] })).json().articles;
    const updated = await sd.request('POST', kb('acme', `/${article.id}`), {
      token: keys['acme.owner'],
      body: { title: 'Relay setup', format: 'html', body: '<h1>Relay setup</h1><h2>Pairing a relay</h2><p>Hold the relay button for ten seconds to pair a relay.</p>' },
    });
    expect(updated.statusCode, updated.body).toBe(200);
    expect((await ask('acme', keys['acme.agent']!, 'How do I pair a relay?')).json().answer).toContain('ten seconds');

    const deleted = await sd.request('POST', kb('acme', `/${article.id}/delete`), { token: keys['acme.manager'] });
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect((await ask('acme', keys['acme.agent']!, 'How do I pair a relay?')).json().handoff).toBe(true);
    const actions = (await sd.installation.store.db.selectFrom('audit_entries').select('action').where('log_id', '=', tenants.acme).execute()).map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['kb.article-updated', 'kb.article-deleted']));
  });

  it('keeps source ids unique per tenant, not across tenants', async () => {
    const body = { title: 'FAQ', format: 'text', body: 'Questions and answers.', sourceId: 'faq.txt' };
    expect((await sd.request('POST', kb('acme'), { token: keys['acme.owner'], body })).statusCode).toBe(201);
    const again = await sd.request('POST', kb('acme'), { token: keys['acme.owner'], body });
    expect(again.json().error.code).toBe('conflict');
    expect((await sd.request('POST', kb('globex'), { token: keys['globex.owner'], body })).statusCode).toBe(201);
  });

  it('refuses unknown fields and foreign ids', async () => {
    const extra = await sd.request('POST', kb('acme'), { token: keys['acme.owner'], body: { title: 'X', format: 'text', body: 'Y', html: true } });
    expect(extra.statusCode).toBe(400);
    const foreign = await sd.request('POST', kb('acme', '/cnv_aaaaaaaaaaaaaaaaaaaaaaaaaa/delete'), { token: keys['acme.owner'] });
    expect(foreign.json().error.code).toBe('invalid_id');
  });
});
