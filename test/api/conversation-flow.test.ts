import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCast, PII, type Cast } from './tenant-cast.js';
import { createTestInstallation, type TestInstallation } from '../support/test-installation.js';
import { testDatabases } from '../support/test-databases.js';

const databases = await testDatabases();

const ARTICLES = [
  ['Pairing a relay', '# Pairing a relay\n\nOpen Settings > Relays, select Pair and scan the code printed under the relay. Pairing takes about a minute.\n'],
  ['Exporting reports', '# Exporting reports\n\nReports can be exported as CSV files from Analytics > Export. Large exports arrive by e-mail within an hour.\n'],
] as const;

describe.each(databases)('the conversation flow on $dialect', (database) => {
  let sd: TestInstallation;
  let acme: Cast;

  beforeAll(async () => {
    sd = await createTestInstallation(database);
    acme = await createCast(sd, 'Acme');
    for (const [title, body] of ARTICLES) {
      const created = await sd.request('POST', `/v1/tenants/${acme.tenantId}/kb/articles`, { token: acme.keys.manager, body: { title, format: 'markdown', body } });
      expect(created.statusCode, created.body).toBe(201);
    }
  });
  afterAll(async () => {
    await sd?.close();
  });

  const customer = async () => (await sd.request('POST', `/v1/widget/${acme.tenantId}/session`)).json() as { token: string; contactId: string };
  const open = async (token: string, body: string) => {
    const response = await sd.request('POST', `/v1/tenants/${acme.tenantId}/conversations`, { token, body: { message: { body } } });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  };
  const say = async (token: string, conversationId: string, body: string) => {
    const response = await sd.request('POST', `/v1/conversations/${conversationId}/messages`, { token, body: { body } });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  };
  const statusOf = async (conversationId: string) => (await sd.request('GET', `/v1/conversations/${conversationId}`, { token: acme.keys.owner })).json().status;
  const inbox = async (token: string, query = '') => {
    const response = await sd.request('GET', `/v1/tenants/${acme.tenantId}/inbox${query}`, { token });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json().conversations as Array<{ id: string }>).map((conversation) => conversation.id);
  };
  const audit = async (action: string, conversationId: string) =>
    (await sd.installation.store.db.selectFrom('audit_entries').select('body').where('log_id', '=', acme.tenantId).where('action', '=', action).orderBy('idx').execute())
      .map((row) => JSON.parse(row.body ?? 'null'))
      .filter((body) => body.resource.conversation === conversationId);

  it("answers a customer's question from the knowledge base before the response, with citations", async () => {
    const { token } = await customer();
    const opened = await open(token, 'How do I pair a relay?');
    expect(opened.status).toBe('answered_by_ai');
    expect(opened.reply).toMatchObject({ handoff: false });
    expect(opened.reply.body).toContain('Settings > Relays');
    expect(opened.reply.citations.map((citation: { title: string }) => citation.title)).toEqual(['Pairing a relay']);

    const read = (await sd.request('GET', `/v1/conversations/${opened.id}`, { token })).json();
    expect(read.messages.map((message: { author: { kind: string } }) => message.author.kind)).toEqual(['contact', 'assistant']);
    expect(read.messages[1].body).toBe(opened.reply.body);
  });

  it('reads and writes through the gate as system:assistant, audited', async () => {
    const { token } = await customer();
    const opened = await open(token, 'How do I export reports?');
    const [read] = await audit('content.read', opened.id);
    expect(read).toMatchObject({ actor: { kind: 'system', role: 'system:assistant' }, outcome: 'allowed', reason: { rule: 'awaiting-assistant' } });
    expect(read.resource.fields).toEqual(['messages.body', 'conversations.pseudonyms']);
    const created = await audit('message.created', opened.id);
    expect(created.map((entry) => entry.actor.role)).toEqual(['system:assistant']);
    expect(created[0].details).toMatchObject({ decision: 'answered' });
  });

  it('resolves the conversation when the customer confirms, as the customer, and opens it again on the next question', async () => {
    const { token, contactId } = await customer();
    const opened = await open(token, 'How do I pair a relay?');
    const thanked = await say(token, opened.id, 'Thanks, that worked!');
    expect(thanked).toMatchObject({ status: 'resolved', reply: null });
    const [resolved] = await audit('conversation.resolved', opened.id);
    expect(resolved).toMatchObject({ actor: { kind: 'contact', id: contactId }, outcome: 'allowed', details: { by: 'customer-confirmation' } });

    const again = await say(token, opened.id, 'How do I export reports as CSV?');
    expect(again.status).toBe('answered_by_ai');
    expect(again.reply.citations.map((citation: { title: string }) => citation.title)).toEqual(['Exporting reports']);
  });

  it('does not take a confirmation with a reservation for a resolution', async () => {
    const { token } = await customer();
    const opened = await open(token, 'How do I pair a relay?');
    const reply = await say(token, opened.id, "Thanks, but it still doesn't pair");
    expect(reply.status).not.toBe('resolved');
    expect(reply.reply).not.toBeNull();
  });

  it('hands over what it cannot answer to the inbox, where an agent claims it and the assistant stays out', async () => {
    const { token } = await customer();
    const opened = await open(token, 'Can the relay firmware be downgraded to version 2?');
    expect(opened).toMatchObject({ status: 'waiting_for_human', reply: { handoff: true, citations: [] } });
    expect(await inbox(acme.keys.agent)).toContain(opened.id);
    expect(await inbox(acme.keys.agent, '?assignee=unassigned')).toContain(opened.id);

    const claimed = await sd.request('POST', `/v1/conversations/${opened.id}/claim`, { token: acme.keys.agent });
    expect(claimed.statusCode, claimed.body).toBe(200);
    expect(claimed.json()).toMatchObject({ assigneeId: acme.ids.agent, status: 'waiting_for_human' });
    expect(await inbox(acme.keys.agent, '?assignee=me')).toEqual([opened.id]);
    expect(await inbox(acme.keys.agent, '?assignee=unassigned')).not.toContain(opened.id);
    const second = await sd.request('POST', `/v1/conversations/${opened.id}/claim`, { token: acme.keys.agent2 });
    expect(second.statusCode).toBe(403);
    expect((await sd.request('POST', `/v1/conversations/${opened.id}/claim`, { token: acme.keys.owner })).json().error.code).toBe('already_claimed');

    const readsBefore = (await audit('content.read', opened.id)).length;
    const followUp = await say(token, opened.id, 'Any news on the downgrade?');
    expect(followUp).toMatchObject({ status: 'waiting_for_human', reply: null });
    expect((await audit('content.read', opened.id)).length, 'the assistant did not read it again').toBe(readsBefore);

    const agentView = (await sd.request('GET', `/v1/conversations/${opened.id}`, { token: acme.keys.agent })).json();
    expect(agentView.view).toBe('full');
    const answered = await say(acme.keys.agent, opened.id, 'Downgrades are not supported, sorry.');
    expect(answered).toMatchObject({ status: 'answered_by_human', reply: null });
    expect(await inbox(acme.keys.agent)).not.toContain(opened.id);
    expect(await inbox(acme.keys.agent, '?status=answered_by_human&assignee=me')).toEqual([opened.id]);

    const back = await say(token, opened.id, 'Why not?');
    expect(back).toMatchObject({ status: 'waiting_for_human', reply: null });
    await say(acme.keys.agent, opened.id, 'It would void the certification.');
    expect(await say(token, opened.id, 'Ok, thanks')).toMatchObject({ status: 'resolved' });
    expect((await sd.request('POST', `/v1/conversations/${opened.id}/claim`, { token: acme.keys.owner })).json().error.code).toBe('conversation_resolved');
  });

  it('routes money and account changes to a human without promising anything', async () => {
    const { token } = await customer();
    const opened = await open(token, 'I want a refund for my relay order');
    expect(opened).toMatchObject({ status: 'waiting_for_human', reply: { handoff: true } });
    expect(opened.reply.body).not.toMatch(/refund/i);
    const traces = (await sd.request('GET', `/v1/conversations/${opened.id}/answers`, { token: acme.keys.auditor })).json().answers;
    expect(traces).toHaveLength(1);
    expect(traces[0].trace).toMatchObject({ decision: 'handoff', handoffReason: 'sensitive-topic' });
  });

  it('keeps a per-reply trace that agents and auditors read and customers do not, with no text in it', async () => {
    const { token } = await customer();
    const opened = await open(token, 'How do I pair a relay?');
    const response = await sd.request('GET', `/v1/conversations/${opened.id}/answers`, { token: acme.keys.agent });
    expect(response.statusCode, response.body).toBe(200);
    const [answer] = response.json().answers;
    expect(answer).toMatchObject({ replyMessageId: opened.reply.id, customerMessageId: opened.messageId });
    expect(answer.trace).toMatchObject({ decision: 'answered', provider: 'offline', handoffReason: null });
    expect(answer.trace.passages.length).toBeGreaterThan(0);
    expect(JSON.stringify(answer)).not.toMatch(/pair a relay|Settings/);
    expect((await audit('answer-trace.read', opened.id))[0]).toMatchObject({ actor: { role: 'agent' }, outcome: 'allowed' });
    expect((await sd.request('GET', `/v1/conversations/${opened.id}/answers`, { token })).statusCode).toBe(403);
    expect((await sd.request('GET', `/v1/conversations/${opened.id}/answers`, { token: acme.keys.engineer })).statusCode).toBe(403);
  });

  it("seals the conversation's pseudonym mapping; nothing of it is stored in the clear", async () => {
    const { token } = await customer();
    const opened = await open(token, `How do I pair a relay? Reach me at ${PII.email}`);
    const row = await sd.installation.store.db.selectFrom('conversations').select('pseudonyms_enc').where('id', '=', opened.id).executeTakeFirstOrThrow();
    expect(row.pseudonyms_enc).not.toBeNull();
    expect(Buffer.from(row.pseudonyms_enc as Buffer).toString('latin1')).not.toContain(PII.email);
  });

  it('lets members resolve what they work and customers their own, and no one else', async () => {
    const { token } = await customer();
    const opened = await open(token, 'Can the relay firmware be downgraded to version 2?');
    expect((await sd.request('POST', `/v1/conversations/${opened.id}/resolve`, { token: acme.keys.agent })).statusCode, 'not in their work').toBe(403);
    expect((await sd.request('POST', `/v1/conversations/${opened.id}/resolve`, { token: acme.keys.security })).statusCode).toBe(403);
    const other = await customer();
    expect((await sd.request('POST', `/v1/conversations/${opened.id}/resolve`, { token: other.token })).statusCode).toBe(403);
    const resolved = await sd.request('POST', `/v1/conversations/${opened.id}/resolve`, { token });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(await statusOf(opened.id)).toBe('resolved');
    expect((await sd.request('POST', `/v1/conversations/${opened.id}/resolve`, { token: acme.keys.manager })).statusCode, 'resolving twice is harmless').toBe(200);
  });

  it("keeps a conversation a member opens away from the assistant", async () => {
    const response = await sd.request('POST', `/v1/tenants/${acme.tenantId}/conversations`, {
      token: acme.keys.agent,
      body: { contact: { email: 'caller@example.test' }, message: { body: 'How do I pair a relay? (taken by phone)' } },
    });
    expect(response.json()).toMatchObject({ status: 'waiting_for_human', reply: null });
    expect(await audit('content.read', response.json().id)).toEqual([]);
  });

  it('refuses bad inbox queries and contacts clearly', async () => {
    const bad = await sd.request('GET', `/v1/tenants/${acme.tenantId}/inbox?status=lost`, { token: acme.keys.agent });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_request');
    const { token } = await customer();
    expect((await sd.request('GET', `/v1/tenants/${acme.tenantId}/inbox`, { token })).statusCode).toBe(403);
    expect((await sd.request('GET', `/v1/tenants/${acme.tenantId}/inbox?assignee=me`, { token: acme.keys.engineer })).json().error.code).toBe('invalid_request');
  });
});
