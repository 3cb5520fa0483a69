import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerRuntime, KbIndexes } from '../../src/assistant/index.js';
import { seedSyntheticData, type SeedDeps, type SeedReport } from '../../src/synthetic/index.js';
import { generateSyntheticWorld } from '../../src/synthetic/synthetic-world.js';
import { testDatabases } from '../support/test-databases.js';
import { createTestInstallation, type TestInstallation } from '../support/test-installation.js';

const databases = await testDatabases();
const options = { seed: 3, tenants: 2, conversationsPerTenant: 7 };

/** The seed writes through the product's gates: what it makes reads back through the API like real data. */
describe.each(databases)('seed --synthetic on $dialect', (database) => {
  let sd: TestInstallation;
  let deps: SeedDeps;
  let report: SeedReport;
  const failures: unknown[] = [];

  beforeAll(async () => {
    sd = await createTestInstallation(database);
    const { db, keyRing } = { db: sd.installation.store.db, keyRing: sd.installation.keyRing };
    deps = {
      db,
      keyRing,
      audit: sd.installation.audit,
      clock: sd.clock,
      indexes: new KbIndexes({ db, keyRing }),
      answerRuntime: createAnswerRuntime(),
      logger: { error: (fields) => failures.push(fields) },
    };
    report = await seedSyntheticData(deps, 'development', options);
  });

  afterAll(async () => {
    await sd?.close();
  });

  const tokenOf = (tenant: SeedReport['tenants'][number], role: string) => tenant.members.find((member) => member.role === role)?.apiKey ?? '';

  it('refuses a production installation before writing anything', async () => {
    const before = await sd.installation.store.db.selectFrom('tenants').select('id').execute();
    await expect(seedSyntheticData(deps, 'production', options)).rejects.toMatchObject({ code: 'environment_mismatch' });
    expect(await sd.installation.store.db.selectFrom('tenants').select('id').execute()).toEqual(before);
  });

  it('creates the tenants with working API keys for every member, and their knowledge base', async () => {
    const world = generateSyntheticWorld(options);
    expect(report.tenants.map((tenant) => tenant.name)).toEqual(world.tenants.map((tenant) => tenant.name));
    for (const [index, tenant] of report.tenants.entries()) {
      expect(tenant.members.map((member) => member.role)).toEqual(world.tenants[index]?.members.map((member) => member.role));
      const articles = await sd.request('GET', `/v1/tenants/${tenant.id}/kb/articles`, { token: tokenOf(tenant, 'admin') });
      expect(articles.statusCode, articles.body).toBe(200);
      expect(articles.json().articles.map((article: { title: string }) => article.title).sort()).toEqual(world.tenants[index]?.articles.map((article) => article.title).sort());
    }
  });

  it('plays the conversations through the flow: the assistant answers widget questions from the KB or hands them over, agents work the e-mail ones', async () => {
    expect(failures).toEqual([]);
    for (const tenant of report.tenants) {
      const counts = tenant.conversations;
      expect(Object.values(counts).reduce((sum, n) => sum + n, 0)).toBe(7);
      expect(counts.answered_by_ai).toBeGreaterThan(0);
      expect(counts.resolved).toBeGreaterThan(0);
      const listed = await sd.request('GET', `/v1/tenants/${tenant.id}/conversations?limit=100`, { token: tokenOf(tenant, 'owner') });
      expect(listed.statusCode, listed.body).toBe(200);
      const conversations: { id: string; status: string }[] = listed.json().conversations;
      expect(conversations).toHaveLength(7);
      const answered = conversations.find((conversation) => conversation.status === 'answered_by_ai');
      const read = await sd.request('GET', `/v1/conversations/${answered?.id}`, { token: tokenOf(tenant, 'owner') });
      expect(read.json().view).toBe('full');
      const messages: { author: { kind: string }; body: string }[] = read.json().messages;
      expect(messages.map((message) => message.author.kind)).toEqual(['contact', 'assistant']);
      const traces = await sd.request('GET', `/v1/conversations/${answered?.id}/answers`, { token: tokenOf(tenant, 'owner') });
      const [trace] = traces.json().answers;
      expect(trace.trace).toMatchObject({ decision: 'answered', provider: 'offline' });
      expect(trace.trace.passages.length).toBeGreaterThan(0);
    }
  });

  it('keeps it sealed: no customer e-mail address or name is stored in the clear', async () => {
    const world = generateSyntheticWorld(options);
    const rows = await sd.installation.store.db.selectFrom('messages').selectAll().execute();
    const contacts = await sd.installation.store.db.selectFrom('contacts').selectAll().execute();
    const stored = JSON.stringify([rows, contacts], (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : value));
    for (const conversation of world.tenants.flatMap((tenant) => tenant.conversations)) {
      expect(stored).not.toContain(conversation.contact.email);
      expect(stored).not.toContain(conversation.contact.name);
    }
  });

  it('audits the tenant and its owner as the seed, and everything else as the members and customers who did it', async () => {
    const tenant = report.tenants[0];
    const bodies = (await sd.installation.store.db.selectFrom('audit_entries').select('body').where('log_id', '=', tenant?.id ?? '').orderBy('idx').execute()).map((row) => JSON.parse(row.body ?? 'null'));
    expect(bodies.filter((body) => body.actor.role === 'system:synthetic-seed')).toEqual([expect.objectContaining({ action: 'member.created', resource: expect.objectContaining({ tenant: tenant?.id }), reason: expect.objectContaining({ rule: 'synthetic-seed' }) })]);
    const roles = new Set(bodies.map((body) => body.actor.role));
    expect([...roles]).toEqual(expect.arrayContaining(['owner', 'agent', 'contact', 'system:assistant']));
  });
});
