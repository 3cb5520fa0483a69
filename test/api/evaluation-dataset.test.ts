import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalQuestionSchema } from '../../src/assistant/eval/eval-question.js';
import { createTestInstallation, type TestInstallation } from '../support/test-installation.js';
import { testDatabases } from '../support/test-databases.js';
import { call, createCast, type Cast, type CastMember } from './tenant-cast.js';

const databases = await testDatabases();

/** Seeded personal data: none of these may appear in a dataset, in any case. */
const JANE = { email: 'jane.roe@example.test', name: 'Jane Roe' };
const AMIR = { email: 'amir.haddad@globex.test', name: 'Amir Haddad' };
const ORIGINALS = [
  JANE.email,
  'Jane',
  'Roe',
  '+44 20 7946 0958',
  'peter.novak@initech.test',
  'Peter Novak',
  '+44 161 496 0123',
  AMIR.email,
  'Amir',
  'Haddad',
  'DE89 3704 0044 0532 0130 00',
  '4111 1111 1111 1111',
];

describe.each(databases)('evaluation dataset exports on $dialect', (database) => {
  let sd: TestInstallation;
  let acme: Cast;
  let globex: Cast;
  let conversationIds: string[];
  let contactIds: string[];

  beforeAll(async () => {
    sd = await createTestInstallation(database);
    acme = await createCast(sd, 'Acme');
    globex = await createCast(sd, 'Globex', acme);
    conversationIds = [];
    contactIds = [];
    /** A customer writes through the widget (the assistant answers or hands over), as the eval harness asks. */
    const seed = async (contact: { email: string; name: string }, body: string) => {
      const session = await sd.request('POST', `/v1/widget/${acme.tenantId}/session`, { body: contact });
      expect(session.statusCode, session.body).toBe(201);
      const opened = await sd.request('POST', `/v1/tenants/${acme.tenantId}/conversations`, { token: session.json().token, body: { message: { body } } });
      expect(opened.statusCode, opened.body).toBe(201);
      conversationIds.push(opened.json().id);
      contactIds.push(session.json().contactId);
      return opened.json().id as string;
    };
    const first = await seed(
      JANE,
      'Hello, this is Jane Roe. Please write to jane.roe@example.test or call +44 20 7946 0958. My colleague Peter Novak (peter.novak@initech.test, +44 161 496 0123) was charged too.',
    );
    const reply = await sd.request('POST', `/v1/conversations/${first}/messages`, {
      token: acme.keys.owner,
      body: { body: 'Thanks Jane, we have refunded the card 4111 1111 1111 1111 and written to jane.roe@example.test.' },
    });
    expect(reply.statusCode, reply.body).toBe(201);
    await seed(AMIR, 'My IBAN is DE89 3704 0044 0532 0130 00; I am amir, AMIR HADDAD on the account.');
    const stored = await sd.installation.store.db.selectFrom('conversations').select('pseudonyms_enc').where('id', '=', first).executeTakeFirstOrThrow();
    expect(stored.pseudonyms_enc, 'the assistant stored the conversation\'s mapping').not.toBeNull();
  });

  afterAll(async () => {
    await sd?.close();
  });

  const optIn = async (cast: Cast, optedIn: boolean) => {
    const response = await call(sd, 'PUT', `/v1/tenants/${cast.tenantId}/privacy/training`, cast.keys.owner, { optedIn, ticket: 'DPA-2026-7' });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const ask = (cast: Cast, who: CastMember) =>
    sd.request('POST', `/v1/tenants/${cast.tenantId}/privacy/training/exports`, {
      token: cast.keys[who],
      body: { purpose: 'Evaluate the assistant on real questions', ticket: 'EVAL-3', durationMinutes: 30 },
    });
  const decide = (id: string, who: CastMember) => sd.request('POST', `/v1/access-requests/${id}/approve`, { token: acme.keys[who] });
  const run = (id: string, who: CastMember) => sd.request('POST', `/v1/access-requests/${id}/dataset-export`, { token: acme.keys[who] });
  const log = async () => (await sd.installation.audit.read(acme.tenantId, 0, 1_000_000)).map((entry) => entry.event);
  /** Asked by the admin, approved by a manager and a security officer. */
  const approvedExport = async () => {
    const asked = await ask(acme, 'admin');
    expect(asked.statusCode, asked.body).toBe(201);
    const id: string = asked.json().id;
    expect((await decide(id, 'manager')).json().status).toBe('pending');
    expect((await decide(id, 'security')).json().status).toBe('approved');
    return id;
  };

  it('refuses the request while the tenant is opted out (the default), and records the refusal', async () => {
    const refused = await ask(acme, 'admin');
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json().error.code).toBe('training_opted_out');
    const event = (await log()).find((entry) => entry.action === 'access-request.created' && entry.outcome === 'denied' && entry.details?.kind === 'dataset-export');
    expect(event).toMatchObject({ actor: { id: acme.ids.admin }, reason: { rule: 'training-opted-out', ticket: 'EVAL-3' } });
    const stored = await sd.installation.store.db.selectFrom('access_grants').select('id').where('kind', '=', 'dataset-export').execute();
    expect(stored).toEqual([]);
  });

  it.each(['manager', 'security', 'agent', 'auditor', 'engineer', 'datascientist'] as const)('refuses %s asking, even when the tenant is opted in', async (who) => {
    await optIn(acme, true);
    const refused = await ask(acme, who);
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json().error.code).toBe('access_denied');
  });

  it("answers another tenant's owner as if the tenant did not exist", async () => {
    await optIn(acme, true);
    const response = await sd.request('POST', `/v1/tenants/${acme.tenantId}/privacy/training/exports`, {
      token: globex.keys.owner,
      body: { purpose: 'Evaluate the assistant on real questions', ticket: 'EVAL-3', durationMinutes: 30 },
    });
    expect(response.statusCode).toBe(404);
  });

  it('needs two approvals from distinct people other than the requester, then exports once, pseudonymised', async () => {
    await optIn(acme, true);
    const asked = await ask(acme, 'admin');
    expect(asked.statusCode, asked.body).toBe(201);
    const id: string = asked.json().id;
    expect((await run(id, 'admin')).json().error.code, 'not before approval').toBe('dual_control_required');
    const steps: [CastMember, number, string][] = [
      ['admin', 403, 'self_approval_forbidden'],
      ['manager', 200, 'pending'],
      ['manager', 403, 'approver_not_eligible'],
      ['manager2', 403, 'approver_not_eligible'],
    ];
    for (const [who, status, outcome] of steps) {
      const response = await decide(id, who);
      expect(response.statusCode, `${who}: ${response.body}`).toBe(status);
      expect(status === 200 ? response.json().status : response.json().error.code).toBe(outcome);
    }
    expect((await run(id, 'admin')).json().error.code, 'not after one approval').toBe('dual_control_required');
    const approved = await decide(id, 'security');
    expect(approved.json()).toMatchObject({ status: 'approved', kind: 'dataset-export' });
    expect((await run(id, 'owner')).statusCode, 'only the requester runs it').toBe(403);

    const exported = await run(id, 'admin');
    expect(exported.statusCode, exported.body).toBe(200);
    expect(exported.headers['content-type']).toContain('application/x-ndjson');
    expect(exported.headers['x-sealdesk-conversation-count']).toBe(String(conversationIds.length));
    const lines = exported.body.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(conversationIds.length);

    for (const original of ORIGINALS) expect(exported.body.toLowerCase(), `no original value: ${original}`).not.toContain(original.toLowerCase());
    for (const linked of [...conversationIds, ...contactIds, acme.ids.owner, acme.tenantId]) expect(exported.body).not.toContain(linked);
    expect(exported.body).not.toMatch(/"(createdAt|email|name|contactId|mapping|entries|value)"/);

    expect(lines.map((line) => line.id)).toEqual(['c1', 'c2']);
    for (const line of lines) expect(line).toMatchObject({ format: 'sealdesk-eval-conversation', v: 1, channel: expect.any(String), status: expect.any(String) });
    // Lines follow the conversations' (random) ids, not the order they were seeded in.
    const jane = lines.find((line) => line.messages.length === 3);
    const amir = lines.find((line) => line.messages.length === 2);
    expect(jane.messages.map((message: { role: string }) => message.role)).toEqual(['customer', 'assistant', 'agent']);
    const [asked1, , answered] = jane.messages.map((message: { text: string }) => message.text);
    expect(asked1).toMatch(/^Hello, this is \[PERSON_1\]\. Please write to \[EMAIL_1\] or call \[PHONE_1\]\./);
    expect(asked1).toContain('[EMAIL_2]');
    expect(asked1).toContain('[PHONE_2]');
    expect(answered, 'the same value gets the same token throughout a conversation').toContain('[EMAIL_1]');
    expect(answered).toContain('[CREDIT_CARD_1]');
    expect(jane.question).toBe(asked1);
    expect(amir.messages[0].text).toContain('[IBAN_1]');
    expect(amir.messages[0].text).toMatch(/\[PERSON_\d\]/);

    // The question is what `sealdesk eval` reads; labels (gold article, facts, kind) are added by a person.
    expect(evalQuestionSchema.safeParse({ id: jane.id, question: jane.question, gold_article: null, gold_facts: [], kind: 'answerable' }).success).toBe(true);

    const twice = await run(id, 'admin');
    expect(twice.statusCode, 'a dataset export grant opens one export').toBe(409);
    expect(twice.json().error.code).toBe('grant_state_conflict');

    const event = (await log()).find((entry) => entry.action === 'dataset.exported' && entry.outcome === 'allowed');
    expect(event).toMatchObject({
      actor: { id: acme.ids.admin },
      reason: { grant: id, ticket: 'EVAL-3', rule: 'dual-control-dataset-export' },
      details: { conversations: conversationIds.length },
    });
  });

  it('opens one export even when two calls race for it', async () => {
    await optIn(acme, true);
    const id = await approvedExport();
    const responses = await Promise.all([run(id, 'admin'), run(id, 'admin')]);
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409]);
  });

  it('refuses the export when the tenant opted out after the approval, and revokes the grant', async () => {
    await optIn(acme, true);
    const id = await approvedExport();
    expect((await optIn(acme, false)).revokedExports).toBeGreaterThanOrEqual(1);
    const refused = await run(id, 'admin');
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json().error.code).toBe('training_opted_out');
    const grant = await sd.request('GET', `/v1/access-requests/${id}`, { token: acme.keys.owner });
    expect(grant.json().status).toBe('revoked');
    const event = (await log()).find((entry) => entry.action === 'dataset.exported' && entry.outcome === 'denied' && entry.reason.rule === 'training-opted-out');
    expect(event).toBeDefined();
  });

  it('refuses the export at export time whenever the tenant is opted out, whatever the grant says', async () => {
    await optIn(acme, true);
    const id = await approvedExport();
    // The opt-out stored without its revocation (as if a revocation had failed): the export checks again.
    await sd.installation.store.db.updateTable('training_consents').set({ opted_in: 0 }).where('tenant_id', '=', acme.tenantId).execute();
    const refused = await run(id, 'admin');
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json().error.code).toBe('training_opted_out');
    await optIn(acme, true);
    const exported = await run(id, 'admin');
    expect(exported.statusCode, 'the unused grant opens its export once the tenant opts in again').toBe(200);
  });

  it('does not run a dataset export on a bulk export grant', async () => {
    await optIn(acme, true);
    const asked = await sd.request('POST', `/v1/tenants/${acme.tenantId}/exports`, {
      token: acme.keys.admin,
      body: { purpose: 'Migration to a new region', ticket: 'MIG-4', durationMinutes: 30 },
    });
    const id: string = asked.json().id;
    await decide(id, 'manager');
    await decide(id, 'security');
    const refused = await run(id, 'admin');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('dual_control_required');
  });
});
