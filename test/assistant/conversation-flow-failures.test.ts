import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerRuntime, KbIndexes, type TenantIndex } from '../../src/assistant/index.js';
import { claimConversation, postAssistantReply, readForAssistant } from '../../src/conversations/index.js';
import { SealdeskError } from '../../src/errors/index.js';
import { createCast, type Cast } from '../api/tenant-cast.js';
import { createTestInstallation, type TestInstallation } from '../support/test-installation.js';
import { testDatabases } from '../support/test-databases.js';

const databases = await testDatabases();

/** A knowledge base whose tenant key cannot be unwrapped for one tenant, and that can run something while the assistant answers. */
class UnreadableFor extends KbIndexes {
  readonly unreadable = new Set<string>();
  whileAnswering: (() => Promise<void>) | undefined;
  override async forTenant(tenantId: string): Promise<TenantIndex> {
    const during = this.whileAnswering;
    this.whileAnswering = undefined;
    await during?.();
    return this.unreadable.has(tenantId) ? Promise.reject(new SealdeskError('key_unavailable')) : super.forTenant(tenantId);
  }
}

describe.each(databases)('the conversation flow when things go wrong, on $dialect', (database) => {
  let sd: TestInstallation;
  let acme: Cast;
  let indexes: UnreadableFor | undefined;

  beforeAll(async () => {
    sd = await createTestInstallation(database, {
      kbIndexes: (deps) => {
        indexes = new UnreadableFor(deps);
        return indexes;
      },
    });
    acme = await createCast(sd, 'Acme');
  });
  afterAll(async () => {
    await sd?.close();
  });

  const customer = async () => (await sd.request('POST', `/v1/widget/${acme.tenantId}/session`)).json() as { token: string };
  const deps = () => ({ db: sd.installation.store.db, keyRing: sd.installation.keyRing, audit: sd.installation.audit, clock: sd.clock });
  const request = { requestId: 'req_test', channel: 'api' } as const;

  it('hands the message to a human when answering fails, keeping what the customer wrote', async () => {
    indexes?.unreadable.add(acme.tenantId);
    try {
      const { token } = await customer();
      const opened = await sd.request('POST', `/v1/tenants/${acme.tenantId}/conversations`, { token, body: { message: { body: 'How do I pair a relay?' } } });
      expect(opened.statusCode, opened.body).toBe(201);
      expect(opened.json()).toMatchObject({ status: 'waiting_for_human', reply: { handoff: true } });
      const read = (await sd.request('GET', `/v1/conversations/${opened.json().id}`, { token })).json();
      expect(read.messages.map((message: { body: string }) => message.body)[0]).toBe('How do I pair a relay?');
      const traces = (await sd.request('GET', `/v1/conversations/${opened.json().id}/answers`, { token: acme.keys.auditor })).json().answers;
      expect(traces[0].trace).toMatchObject({ decision: 'handoff', handoffReason: 'assistant-failed' });
    } finally {
      indexes?.unreadable.clear();
    }
  });

  it('does not post the reply when a member claims the conversation while the assistant answers', async () => {
    const { token } = await customer();
    const opened = (await sd.request('POST', `/v1/tenants/${acme.tenantId}/conversations`, { token, body: { message: { body: 'Hello' } } })).json();
    // As if the customer's message had just arrived: the conversation waits for the assistant.
    await sd.installation.store.db.updateTable('conversations').set({ status: 'open' }).where('id', '=', opened.id).execute();
    const messagesNow = async () => (await sd.installation.store.db.selectFrom('messages').select('id').where('conversation_id', '=', opened.id).execute()).length;
    const before = await messagesNow();

    const reading = await readForAssistant(deps(), request, opened.id);
    await claimConversation(deps(), { kind: 'member', id: acme.ids.agent, tenantId: acme.tenantId, role: 'agent' }, request, opened.id);
    const reply = { customerMessageId: opened.messageId, text: 'An answer', handoff: false, trace: { decision: 'answered', handoffReason: null, provider: 'offline' }, pseudonyms: reading.pseudonyms };
    await expect(postAssistantReply(deps(), request, reading, reply)).rejects.toMatchObject({ code: 'access_denied' });
    expect(await messagesNow()).toBe(before);
    await expect(readForAssistant(deps(), request, opened.id), 'nor read it again').rejects.toMatchObject({ code: 'access_denied' });
  });

  it.each([
    ['claims it', 'waiting_for_human', (id: string) => claimConversation(deps(), { kind: 'member', id: acme.ids.agent, tenantId: acme.tenantId, role: 'agent' }, request, id)],
    ['replies', 'answered_by_human', (id: string) => sd.request('POST', `/v1/conversations/${id}/messages`, { token: acme.keys.owner, body: { body: 'On it.' } }).then(() => undefined)],
  ] as const)('answers the customer with where the conversation stands when a member %s while the assistant answers', async (_, status, act) => {
    const { token } = await customer();
    const opened = (await sd.request('POST', `/v1/tenants/${acme.tenantId}/conversations`, { token, body: { message: { body: 'Hello' } } })).json();
    await sd.request('POST', `/v1/conversations/${opened.id}/resolve`, { token });
    if (indexes) indexes.whileAnswering = async () => void (await act(opened.id));
    const next = await sd.request('POST', `/v1/conversations/${opened.id}/messages`, { token, body: { body: 'How do I pair a relay?' } });
    expect(next.statusCode, next.body).toBe(201);
    expect(next.json()).toMatchObject({ status, reply: null });
    const authors = (await sd.installation.store.db.selectFrom('messages').select('author_kind').where('conversation_id', '=', opened.id).orderBy('position').execute()).map((m) => m.author_kind);
    expect(authors.at(-1), 'the assistant posted nothing after the member').not.toBe('assistant');
  });

  it('refuses the assistant every conversation that is not waiting for it', async () => {
    const { token } = await customer();
    const opened = (await sd.request('POST', `/v1/tenants/${acme.tenantId}/conversations`, { token, body: { message: { body: 'Hello there' } } })).json();
    expect(opened.status).not.toBe('open');
    await expect(readForAssistant(deps(), request, opened.id)).rejects.toMatchObject({ code: 'access_denied' });
  });

  it('logs a failed answer with ids and a code only', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => lines.push(line) });
    const { respondToCustomer } = await import('../../src/assistant/index.js');
    const { token } = await customer();
    indexes?.unreadable.add(acme.tenantId);
    try {
      const opened = (await sd.request('POST', `/v1/tenants/${acme.tenantId}/conversations`, { token, body: { message: { body: 'Secret words 4111 1111 1111 1111' } } })).json();
      await sd.installation.store.db.updateTable('conversations').set({ status: 'open' }).where('id', '=', opened.id).execute();
      const flowDeps = { ...deps(), indexes: indexes as KbIndexes, answerRuntime: createAnswerRuntime(), logger };
      const result = await respondToCustomer(flowDeps, request, opened.id, opened.messageId);
      expect(result).toMatchObject({ status: 'waiting_for_human', reply: { handoff: true } });
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ conversationId: opened.id, code: 'key_unavailable' });
      expect(lines[0]).not.toMatch(/Secret|4111/);
    } finally {
      indexes?.unreadable.clear();
    }
  });
});
