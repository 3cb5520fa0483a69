import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestInstallation, type TestInstallation } from '../support/test-installation.js';
import { testDatabases } from '../support/test-databases.js';
import { ask, createCast, openConversation, PII, type Cast } from './tenant-cast.js';

const databases = await testDatabases();

describe.each(databases)('revocation and team queues on $dialect', (database) => {
  let sd: TestInstallation;
  let acme: Cast;

  beforeAll(async () => {
    sd = await createTestInstallation(database);
    acme = await createCast(sd, 'Acme');
  });

  afterAll(async () => {
    await sd?.close();
  });

  const read = (token: string, id: string) => sd.request('GET', `/v1/conversations/${id}`, { token });
  const addMember = async (role: string, email: string) => {
    const response = await sd.request('POST', `/v1/tenants/${acme.tenantId}/members`, { token: acme.keys.owner, body: { email, name: role, role } });
    return response.json() as { id: string; apiKey: string };
  };

  it('gives a team\'s members its queue, and takes it away when they leave', async () => {
    const conversationId = await openConversation(sd, acme);
    const team = await sd.request('POST', `/v1/tenants/${acme.tenantId}/teams`, { token: acme.keys.manager, body: { name: 'Billing' } });
    expect(team.statusCode, team.body).toBe(201);
    const teamId = team.json().id;
    expect((await sd.request('POST', `/v1/tenants/${acme.tenantId}/teams`, { token: acme.keys.agent, body: { name: 'Mine' } })).statusCode).toBe(403);
    expect((await sd.request('POST', `/v1/tenants/${acme.tenantId}/teams`, { token: acme.keys.admin, body: { name: 'Billing' } })).statusCode).toBe(409);

    const joined = await sd.request('POST', `/v1/tenants/${acme.tenantId}/teams/${teamId}/members`, { token: acme.keys.manager, body: { memberId: acme.ids.agent2 } });
    expect(joined.json()).toEqual({ id: teamId, memberIds: [acme.ids.agent2] });
    const notWorker = await sd.request('POST', `/v1/tenants/${acme.tenantId}/teams/${teamId}/members`, { token: acme.keys.manager, body: { memberId: acme.ids.auditor } });
    expect(notWorker.statusCode).toBe(400);

    const queued = await sd.request('POST', `/v1/conversations/${conversationId}/assign`, { token: acme.keys.manager, body: { teamId } });
    expect(queued.json()).toEqual({ id: conversationId, assigneeId: null, teamId });
    const inQueue = await read(acme.keys.agent2, conversationId);
    expect(inQueue.json()).toMatchObject({ view: 'full', teamId, access: { rule: 'team-queue' } });
    expect((await sd.request('POST', `/v1/conversations/${conversationId}/messages`, { token: acme.keys.agent2, body: { body: 'On it' } })).statusCode).toBe(201);
    expect((await read(acme.keys.agent, conversationId)).json().view).toBe('masked');
    const log = await sd.installation.audit.read(acme.tenantId, 0, 100_000);
    const teamRead = log.find((entry) => entry.event.requestId === inQueue.headers['x-request-id']);
    expect(teamRead?.event.actor.team).toBe(teamId);

    await sd.request('POST', `/v1/tenants/${acme.tenantId}/teams/${teamId}/members/${acme.ids.agent2}/remove`, { token: acme.keys.admin });
    const left = await read(acme.keys.agent2, conversationId);
    expect(left.json().view).toBe('masked');
    expect(left.body).not.toContain(PII.card);
  });

  it('ends a member\'s keys and grants at once when their role changes', async () => {
    const member = await addMember('agent', 'changing@acme.test');
    const conversationId = await openConversation(sd, acme);
    const asked = await ask(sd, member.apiKey, { tenantId: acme.tenantId, conversationIds: [conversationId] });
    await sd.request('POST', `/v1/access-requests/${asked.json().id}/approve`, { token: acme.keys.manager });
    const pending = await ask(sd, member.apiKey, { tenantId: acme.tenantId, view: 'redacted' });
    expect((await read(member.apiKey, conversationId)).json().view).toBe('full');

    const byAdmin = await sd.request('POST', `/v1/tenants/${acme.tenantId}/members/${member.id}/role`, { token: acme.keys.admin, body: { role: 'owner' } });
    expect(byAdmin.statusCode, 'an admin makes no owners').toBe(403);
    const byAgent = await sd.request('POST', `/v1/tenants/${acme.tenantId}/members/${member.id}/role`, { token: acme.keys.agent, body: { role: 'manager' } });
    expect(byAgent.statusCode).toBe(403);
    const changed = await sd.request('POST', `/v1/tenants/${acme.tenantId}/members/${member.id}/role`, { token: acme.keys.admin, body: { role: 'manager' } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ id: member.id, role: 'manager', revokedGrants: 2 });

    expect((await read(member.apiKey, conversationId)).statusCode, 'the old key is dead').toBe(401);
    const asManager = await read(changed.json().apiKey, conversationId);
    expect(asManager.json()).toMatchObject({ view: 'masked' });
    for (const id of [asked.json().id, pending.json().id]) {
      expect((await sd.request('GET', `/v1/access-requests/${id}`, { token: acme.keys.security })).json()).toMatchObject({ status: 'revoked', endedBy: acme.ids.admin });
    }
    const log = await sd.installation.audit.read(acme.tenantId, 0, 100_000);
    expect(log.filter((entry) => entry.event.action === 'access-request.revoked' && entry.event.reason.rule === 'member-role-changed')).toHaveLength(2);
    expect(log.some((entry) => entry.event.action === 'member.role-changed' && entry.event.resource.member === member.id)).toBe(true);
  });

  it('ends a removed member\'s keys, grants and teams at once', async () => {
    const member = await addMember('agent', 'leaving@acme.test');
    const conversationId = await openConversation(sd, acme);
    const broken = await ask(sd, member.apiKey, { tenantId: acme.tenantId, breakGlass: true, durationMinutes: 30 });
    expect(broken.json().status).toBe('active');
    const removed = await sd.request('POST', `/v1/tenants/${acme.tenantId}/members/${member.id}/remove`, { token: acme.keys.owner });
    expect(removed.json()).toEqual({ id: member.id, removed: true, revokedApiKeys: 1, revokedGrants: 1 });
    expect((await read(member.apiKey, conversationId)).statusCode).toBe(401);
    expect((await sd.request('GET', `/v1/access-requests/${broken.json().id}`, { token: acme.keys.security })).json().status).toBe('revoked');
    const again = await sd.request('POST', `/v1/tenants/${acme.tenantId}/members/${member.id}/remove`, { token: acme.keys.owner });
    expect(again.statusCode).toBe(404);
  });

  it('keeps at least one owner', async () => {
    const demote = await sd.request('POST', `/v1/tenants/${acme.tenantId}/members/${acme.ids.owner}/role`, { token: acme.keys.owner, body: { role: 'admin' } });
    expect(demote.statusCode).toBe(409);
    const remove = await sd.request('POST', `/v1/tenants/${acme.tenantId}/members/${acme.ids.owner}/remove`, { token: acme.keys.owner });
    expect(remove.statusCode).toBe(409);
    expect((await read(acme.keys.owner, await openConversation(sd, acme))).json().view).toBe('full');
  });
});
