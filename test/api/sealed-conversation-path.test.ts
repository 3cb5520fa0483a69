import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestInstallation, type TestInstallation } from '../support/test-installation.js';
import { testDatabases } from '../support/test-databases.js';

const databases = await testDatabases();

describe.each(databases)('the sealed conversation path on $dialect', (database) => {
  let sd: TestInstallation;
  let tenantId: string;
  let otherTenantId: string;
  const keys: Record<string, string> = {};
  const ids: Record<string, string> = {};

  async function createMember(tenant: string, token: string, role: string, email: string) {
    const response = await sd.request('POST', `/v1/tenants/${tenant}/members`, { token, body: { email, name: role, role } });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; apiKey: string };
  }

  beforeAll(async () => {
    sd = await createTestInstallation(database);
    const created = await sd.request('POST', '/v1/tenants', { token: sd.operatorKey, body: { name: 'Acme' } });
    expect(created.statusCode).toBe(201);
    tenantId = created.json().id;
    otherTenantId = (await sd.request('POST', '/v1/tenants', { token: sd.operatorKey, body: { name: 'Globex' } })).json().id;

    const owner = await createMember(tenantId, sd.operatorKey, 'owner', 'owner@acme.test');
    keys.owner = owner.apiKey;
    for (const role of ['admin', 'manager', 'agent', 'security', 'auditor']) {
      const member = await createMember(tenantId, owner.apiKey, role, `${role}@acme.test`);
      keys[role] = member.apiKey;
      ids[role] = member.id;
    }
    const otherAgent = await createMember(tenantId, owner.apiKey, 'agent', 'agent2@acme.test');
    keys.otherAgent = otherAgent.apiKey;
    const globexOwner = await createMember(otherTenantId, sd.operatorKey, 'owner', 'owner@globex.test');
    keys.globexOwner = globexOwner.apiKey;
    const engineer = await sd.request('POST', '/v1/operator/members', {
      token: sd.operatorKey,
      body: { email: 'eng@operator.test', name: 'Eng', role: 'engineer' },
    });
    expect(engineer.statusCode).toBe(201);
    keys.engineer = engineer.json().apiKey;
  });

  afterAll(async () => {
    await sd?.close();
  });

  it('lets a member open a conversation and an admin read it back in full', async () => {
    const created = await sd.request('POST', `/v1/tenants/${tenantId}/conversations`, {
      token: keys.agent,
      body: { contact: { email: 'Jane.Doe@example.test', name: 'Jane Doe' }, message: { body: 'My order has not arrived' } },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json();
    const added = await sd.request('POST', `/v1/conversations/${id}/messages`, { token: keys.admin, body: { body: 'Sorry, checking now' } });
    expect(added.statusCode).toBe(201);

    const read = await sd.request('GET', `/v1/conversations/${id}`, { token: keys.admin });
    expect(read.statusCode).toBe(200);
    const view = read.json();
    expect(view).toMatchObject({ id, tenantId, view: 'full', status: 'answered_by_human', messageCount: 2 });
    expect(view.contact).toEqual({ email: 'Jane.Doe@example.test', name: 'Jane Doe' });
    expect(view.messages.map((message: { body: string }) => message.body)).toEqual(['My order has not arrived', 'Sorry, checking now']);
  });

  it('finds the same contact again by e-mail, case-insensitively, through the blind index', async () => {
    const first = await sd.request('POST', `/v1/tenants/${tenantId}/conversations`, {
      token: keys.owner,
      body: { contact: { email: 'repeat@example.test' }, message: { body: 'one' } },
    });
    const second = await sd.request('POST', `/v1/tenants/${tenantId}/conversations`, {
      token: keys.owner,
      body: { contact: { email: ' REPEAT@example.test ' }, message: { body: 'two' } },
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(second.statusCode, second.body).toBe(201);
    const a = (await sd.request('GET', `/v1/conversations/${first.json().id}`, { token: keys.owner })).json();
    const b = (await sd.request('GET', `/v1/conversations/${second.json().id}`, { token: keys.owner })).json();
    expect(a.contactId).toBe(b.contactId);
  });

  it('lists metadata only, never content', async () => {
    const response = await sd.request('GET', `/v1/tenants/${tenantId}/conversations`, { token: keys.manager });
    expect(response.statusCode).toBe(200);
    const { conversations } = response.json();
    expect(conversations.length).toBeGreaterThan(0);
    expect(response.body).not.toContain('My order');
    expect(response.body).not.toContain('Jane');
    expect(Object.keys(conversations[0]).sort()).toEqual(
      ['assigneeId', 'channel', 'contactId', 'createdAt', 'id', 'messageCount', 'status', 'teamId', 'tenantId', 'updatedAt'].sort(),
    );
  });

  it('gives an agent content only once the conversation is assigned to them', async () => {
    const { id } = (
      await sd.request('POST', `/v1/tenants/${tenantId}/conversations`, {
        token: keys.owner,
        body: { contact: { name: 'Sam' }, message: { body: 'Need help with billing' } },
      })
    ).json();
    const before = await sd.request('GET', `/v1/conversations/${id}`, { token: keys.agent });
    expect(before.statusCode).toBe(200);
    expect(before.json()).toMatchObject({ id, view: 'masked', access: { rule: 'not-in-queue', grantId: null } });
    expect(before.json()).not.toHaveProperty('messages');
    expect(before.body).not.toContain('billing');
    expect(before.body).not.toContain('Sam');

    const assignByAgent = await sd.request('POST', `/v1/conversations/${id}/assign`, { token: keys.agent, body: { memberId: ids.agent } });
    expect(assignByAgent.statusCode).toBe(403);
    const assigned = await sd.request('POST', `/v1/conversations/${id}/assign`, { token: keys.manager, body: { memberId: ids.agent } });
    expect(assigned.statusCode).toBe(200);

    const after = await sd.request('GET', `/v1/conversations/${id}`, { token: keys.agent });
    expect(after.statusCode).toBe(200);
    expect(after.json()).toMatchObject({ view: 'full', access: { rule: 'assigned', grantId: null } });
    expect(after.json().messages[0].body).toBe('Need help with billing');
    const otherAgent = await sd.request('GET', `/v1/conversations/${id}`, { token: keys.otherAgent });
    expect(otherAgent.json().view).toBe('masked');
    expect(otherAgent.body).not.toContain('billing');
    const write = await sd.request('POST', `/v1/conversations/${id}/messages`, { token: keys.otherAgent, body: { body: 'x' } });
    expect(write.statusCode).toBe(403);
    expect(write.json().error.code).toBe('content_access_denied');
  });

  it.each(['manager', 'security', 'engineer'])('shows %s the masked view only, and records it', async (role) => {
    const { id } = (
      await sd.request('POST', `/v1/tenants/${tenantId}/conversations`, {
        token: keys.owner,
        body: { contact: { name: 'Kim', email: 'kim@example.test' }, message: { body: 'private words' } },
      })
    ).json();
    const response = await sd.request('GET', `/v1/conversations/${id}`, { token: keys[role] });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id, view: 'masked', messageCount: 1, access: { rule: 'metadata-only', grantId: null } });
    expect(Object.keys(response.json())).not.toContain('messages');
    expect(Object.keys(response.json())).not.toContain('contact');
    for (const secret of ['private words', 'Kim', 'kim@example.test']) expect(response.body).not.toContain(secret);
    const events = await sd.installation.audit.read(tenantId, 0, 10_000);
    const inspection = events.find((entry) => entry.event.resource.conversation === id && entry.event.requestId === response.headers['x-request-id']);
    expect(inspection?.event).toMatchObject({ action: 'conversation.inspected', outcome: 'allowed', channel: 'api', reason: { rule: 'metadata-only' } });
    expect(inspection?.event.resource.fields).toBeUndefined();
  });

  it('denies even the masked view to an auditor, and records the denial', async () => {
    const { id } = (
      await sd.request('POST', `/v1/tenants/${tenantId}/conversations`, {
        token: keys.owner,
        body: { contact: { name: 'Kim' }, message: { body: 'private words' } },
      })
    ).json();
    const response = await sd.request('GET', `/v1/conversations/${id}`, { token: keys.auditor });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('access_denied');
    expect(response.body).not.toContain('private words');
    expect(response.body).not.toContain(id);
    const events = await sd.installation.audit.read(tenantId, 0, 10_000);
    const denial = events.find((entry) => entry.event.resource.conversation === id && entry.event.outcome === 'denied');
    expect(denial?.event).toMatchObject({ action: 'content.read', outcome: 'denied', channel: 'api' });
  });

  it('records every content read in the tenant audit log before answering, without content', async () => {
    const { id } = (
      await sd.request('POST', `/v1/tenants/${tenantId}/conversations`, {
        token: keys.owner,
        body: { contact: { email: 'audit-me@example.test' }, message: { body: 'audited secret' } },
      })
    ).json();
    const read = await sd.request('GET', `/v1/conversations/${id}`, { token: keys.admin });
    const events = await sd.installation.audit.read(tenantId, 0, 10_000);
    const entry = events.find((candidate) => candidate.event.action === 'content.read' && candidate.event.resource.conversation === id);
    expect(entry?.event).toMatchObject({
      v: 1,
      outcome: 'allowed',
      actor: { role: 'admin', tenant: tenantId, kind: 'member' },
      resource: { tenant: tenantId, conversation: id, fields: ['messages.body', 'contact.email', 'contact.name'] },
      requestId: read.headers['x-request-id'],
    });
    const log = JSON.stringify(events);
    expect(log).not.toContain('audited secret');
    expect(log).not.toContain('audit-me@example.test');
  });

  it('keeps tenants apart: another tenant\'s ids answer not_found', async () => {
    const { id } = (
      await sd.request('POST', `/v1/tenants/${tenantId}/conversations`, {
        token: keys.owner,
        body: { contact: { name: 'Lee' }, message: { body: 'acme only' } },
      })
    ).json();
    const read = await sd.request('GET', `/v1/conversations/${id}`, { token: keys.globexOwner });
    expect(read.statusCode).toBe(404);
    expect(read.json().error.code).toBe('not_found');
    const list = await sd.request('GET', `/v1/tenants/${tenantId}/conversations`, { token: keys.globexOwner });
    expect(list.statusCode).toBe(404);
    const write = await sd.request('POST', `/v1/tenants/${tenantId}/conversations`, {
      token: keys.globexOwner,
      body: { contact: { name: 'x' }, message: { body: 'x' } },
    });
    expect(write.statusCode).toBe(404);
    const member = await sd.request('POST', `/v1/tenants/${tenantId}/members`, {
      token: keys.globexOwner,
      body: { email: 'intruder@globex.test', name: 'I', role: 'admin' },
    });
    expect(member.statusCode).toBe(404);
  });

  it('enforces who creates whom', async () => {
    const secondOwner = await sd.request('POST', `/v1/tenants/${tenantId}/members`, {
      token: sd.operatorKey,
      body: { email: 'second@acme.test', name: 'Second', role: 'owner' },
    });
    expect(secondOwner.statusCode).toBe(403);
    const byAdmin = await sd.request('POST', `/v1/tenants/${tenantId}/members`, {
      token: keys.admin,
      body: { email: 'owner2@acme.test', name: 'O', role: 'owner' },
    });
    expect(byAdmin.statusCode).toBe(403);
    const byAgent = await sd.request('POST', `/v1/tenants/${tenantId}/members`, {
      token: keys.agent,
      body: { email: 'a3@acme.test', name: 'A', role: 'agent' },
    });
    expect(byAgent.statusCode).toBe(403);
    const tenantByEngineer = await sd.request('POST', '/v1/tenants', { token: keys.engineer, body: { name: 'Nope' } });
    expect(tenantByEngineer.statusCode).toBe(403);
    const duplicate = await sd.request('POST', `/v1/tenants/${tenantId}/members`, {
      token: keys.owner,
      body: { email: 'agent@acme.test', name: 'Again', role: 'agent' },
    });
    expect(duplicate.statusCode).toBe(409);
  });

  it('keeps operator staff out of tenant data', async () => {
    const write = await sd.request('POST', `/v1/tenants/${tenantId}/conversations`, {
      token: keys.engineer,
      body: { contact: { name: 'x' }, message: { body: 'x' } },
    });
    expect(write.statusCode).toBe(403);
    const list = await sd.request('GET', `/v1/tenants/${tenantId}/conversations`, { token: keys.engineer });
    expect(list.statusCode).toBe(200);
  });

  it('lets a widget contact create and read only their own conversations', async () => {
    const session = await sd.request('POST', `/v1/widget/${tenantId}/session`, { body: { name: 'Widget User' } });
    expect(session.statusCode, session.body).toBe(201);
    const { token, contactId } = session.json();
    const created = await sd.request('POST', `/v1/tenants/${tenantId}/conversations`, { token, body: { message: { body: 'Hi from the widget' } } });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json();
    const mine = await sd.request('GET', `/v1/conversations/${id}`, { token });
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({ contactId, channel: 'widget', contact: { name: 'Widget User' } });
    expect((await sd.request('POST', `/v1/conversations/${id}/messages`, { token, body: { body: 'more' } })).statusCode).toBe(201);

    const listed = (await sd.request('GET', `/v1/tenants/${tenantId}/conversations`, { token })).json();
    expect(listed.conversations.map((c: { id: string }) => c.id)).toEqual([id]);

    const someoneElses = (await sd.request('GET', `/v1/tenants/${tenantId}/conversations`, { token: keys.owner })).json().conversations.find(
      (c: { contactId: string }) => c.contactId !== contactId,
    );
    const denied = await sd.request('GET', `/v1/conversations/${someoneElses.id}`, { token });
    expect(denied.statusCode).toBe(403);
    const otherTenant = await sd.request('GET', `/v1/tenants/${otherTenantId}/conversations`, { token });
    expect(otherTenant.statusCode).toBe(404);
    const withContact = await sd.request('POST', `/v1/tenants/${tenantId}/conversations`, {
      token,
      body: { contact: { email: 'someone@example.test' }, message: { body: 'x' } },
    });
    expect(withContact.statusCode).toBe(400);
  });

  it('expires contact tokens and renews them for the same contact', async () => {
    const { token, contactId } = (await sd.request('POST', `/v1/widget/${tenantId}/session`)).json();
    const renewed = await sd.request('POST', `/v1/widget/${tenantId}/session`, { token });
    expect(renewed.json().contactId).toBe(contactId);
    sd.clock.advance(31 * 60 * 1000);
    const expired = await sd.request('GET', `/v1/tenants/${tenantId}/conversations`, { token });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('token_expired');
  });

  it('rejects forged and cross-tenant contact tokens', async () => {
    const { token } = (await sd.request('POST', `/v1/widget/${tenantId}/session`)).json();
    const [prefix, payload, mac] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, t: otherTenantId })).toString('base64url');
    const forged = `${prefix}.${forgedPayload}.${mac}`;
    expect((await sd.request('GET', `/v1/tenants/${otherTenantId}/conversations`, { token: forged })).statusCode).toBe(401);
    const flipped = `${prefix}.${payload}.${mac.slice(0, -2)}AA`;
    expect((await sd.request('GET', `/v1/tenants/${tenantId}/conversations`, { token: flipped })).statusCode).toBe(401);
  });
});
