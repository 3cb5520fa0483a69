import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertLegalHold, purgeConversation } from '../../src/store/index.js';
import { createTestInstallation, type TestInstallation } from '../support/test-installation.js';
import { testDatabases } from '../support/test-databases.js';
import { call, createCast, openConversation, PII, type Cast } from './tenant-cast.js';

const databases = await testDatabases();
const DAY = 86_400_000;

describe.each(databases)('retention, legal holds and purges on $dialect', (database) => {
  let sd: TestInstallation;
  let acme: Cast;
  let globex: Cast;

  beforeAll(async () => {
    sd = await createTestInstallation(database);
    acme = await createCast(sd, 'Acme');
    globex = await createCast(sd, 'Globex', acme);
  });

  afterAll(async () => {
    await sd?.close();
  });

  const url = (cast: Cast, path: string) => `/v1/tenants/${cast.tenantId}/privacy/${path}`;
  const db = () => sd.installation.store.db;
  const log = async (cast: Cast) => (await sd.installation.audit.read(cast.tenantId, 0, 1_000_000)).map((entry) => entry.event);
  /** The conversation flow resolves conversations; until it lands, tests set the status directly. */
  const resolve = (id: string) => db().updateTable('conversations').set({ status: 'resolved' }).where('id', '=', id).execute();
  const conversationOf = async (id: string) => db().selectFrom('conversations').select(['id', 'contact_id']).where('id', '=', id).executeTakeFirst();
  const messagesOf = async (id: string) => db().selectFrom('messages').selectAll().where('conversation_id', '=', id).execute();
  const purge = (cast: Cast, token: string, dryRun: boolean) => sd.request('POST', url(cast, `retention/purge?dryRun=${dryRun}`), { token });
  const put = (cast: Cast, token: string, policy: object, ticket = 'CHG-1') =>
    call(sd, 'PUT', url(cast, 'retention'), token, { policy, purpose: 'Align retention with the contract', ticket });
  /** Shortening needs dual control: the owner proposes, a manager and a security officer approve. */
  const setPolicy = async (cast: Cast, policy: object) => {
    const proposed = await put(cast, cast.keys.owner, policy);
    expect(proposed.statusCode, proposed.body).toBe(202);
    for (const who of ['manager', 'security'] as const) {
      expect((await sd.request('POST', `/v1/access-requests/${proposed.json().requestId}/approve`, { token: cast.keys[who] })).statusCode).toBe(200);
    }
  };
  const newContact = (cast: Cast, email: string) =>
    sd.request('POST', `/v1/tenants/${cast.tenantId}/conversations`, { token: cast.keys.owner, body: { contact: { email, name: 'Someone' }, message: { body: 'Hello' } } });

  it('shows the defaults and the audit log\'s own retention until a policy is set', async () => {
    const shown = await sd.request('GET', url(acme, 'retention'), { token: acme.keys.auditor });
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json()).toEqual({ policy: { conversationDays: 730, contactDays: 1095, kbDays: null }, version: 0, updatedAt: null, updatedBy: null, auditBodyDays: 365 });
    expect((await sd.request('GET', url(acme, 'retention'), { token: acme.keys.agent })).statusCode).toBe(403);
    expect((await sd.request('GET', url(acme, 'retention'), { token: globex.keys.owner })).statusCode).toBe(404);
  });

  it.each([
    ['a week is the shortest conversation period', { conversationDays: 6, contactDays: 30, kbDays: null }, 'conversationDays must be a whole number of days from 7 to 3650.'],
    ['contacts are kept at least as long as conversations', { conversationDays: 60, contactDays: 30, kbDays: null }, 'contactDays must be at least conversationDays.'],
    ['articles need a month at least', { conversationDays: 30, contactDays: 60, kbDays: 1 }, 'kbDays must be a whole number of days from 30 to 3650, or null to keep articles.'],
  ])('refuses a policy out of bounds: %s', async (_, policy, message) => {
    const response = await put(acme, acme.keys.owner, policy);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'retention_policy_invalid', message });
  });

  it('lets the owner or an admin keep data longer at once, records the change, and refuses other roles', async () => {
    const policy = { conversationDays: 1000, contactDays: 1500, kbDays: null };
    for (const who of ['agent', 'manager', 'security', 'auditor'] as const) {
      expect((await put(acme, acme.keys[who], policy, 'CHG-2')).statusCode, who).toBe(403);
    }
    expect((await put(acme, globex.keys.admin, policy, 'CHG-2')).statusCode).toBe(404);
    const changed = await put(acme, acme.keys.admin, policy, 'CHG-2');
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toEqual({ status: 'applied', version: 1 });
    expect((await sd.request('GET', url(acme, 'retention'), { token: acme.keys.owner })).json()).toMatchObject({ policy, version: 1, updatedBy: acme.ids.admin });
    const events = await log(acme);
    const change = events.find((event) => event.action === 'retention.changed' && event.outcome === 'allowed');
    expect(change).toMatchObject({ actor: { id: acme.ids.admin }, reason: { ticket: 'CHG-2' }, details: { conversationDays: 1000, contactDays: 1500, kbDays: 'keep', version: 1 } });
    // Four roles refused, and Globex's admin (refused as not_found, recorded in the log of the tenant it tried).
    expect(events.filter((event) => event.action === 'retention.changed' && event.outcome === 'denied')).toHaveLength(5);
  });

  it('shortens retention only after two distinct approvers, never the proposer, approve', async () => {
    const shorter = { conversationDays: 90, contactDays: 365, kbDays: 365 };
    const proposed = await put(acme, acme.keys.admin, shorter, 'CHG-5');
    expect(proposed.statusCode, proposed.body).toBe(202);
    const requestId: string = proposed.json().requestId;
    expect(proposed.json()).toMatchObject({ status: 'pending', requestId: expect.stringMatching(/^acr_/) });
    const approve = (who: keyof Cast['keys']) => sd.request('POST', `/v1/access-requests/${requestId}/approve`, { token: acme.keys[who] });
    expect((await approve('admin')).json().error.code).toBe('self_approval_forbidden');
    expect((await approve('manager')).json()).toMatchObject({ status: 'pending', kind: 'retention-change' });
    expect((await sd.request('GET', url(acme, 'retention'), { token: acme.keys.owner })).json().policy, 'not yet').toEqual({ conversationDays: 1000, contactDays: 1500, kbDays: null });
    expect((await approve('security')).json()).toMatchObject({ status: 'approved', kind: 'retention-change' });
    expect((await sd.request('GET', url(acme, 'retention'), { token: acme.keys.owner })).json()).toMatchObject({ policy: shorter, version: 2, updatedBy: acme.ids.admin });
    const events = await log(acme);
    expect(events.find((event) => event.action === 'access-request.created' && event.reason.grant === requestId)).toMatchObject({ details: { kind: 'retention-change', conversationDays: 90 } });
    expect(events.find((event) => event.action === 'retention.changed' && event.reason.grant === requestId)).toMatchObject({ actor: { id: acme.ids.security } });

    // A proposal made against a policy that has changed since is not applied.
    const stale = (await put(acme, acme.keys.owner, { conversationDays: 60, contactDays: 365, kbDays: 365 }, 'CHG-6')).json().requestId;
    expect((await put(acme, acme.keys.owner, { conversationDays: 120, contactDays: 365, kbDays: 365 }, 'CHG-7')).statusCode, 'longer: at once').toBe(200);
    await sd.request('POST', `/v1/access-requests/${stale}/approve`, { token: acme.keys.manager });
    const late = await sd.request('POST', `/v1/access-requests/${stale}/approve`, { token: acme.keys.security });
    expect(late.statusCode).toBe(409);
    expect((await sd.request('GET', url(acme, 'retention'), { token: acme.keys.owner })).json().policy.conversationDays).toBe(120);
  });

  it('places, lists and releases legal holds with a reason and a ticket, all recorded', async () => {
    const conversationId = await openConversation(sd, acme);
    const contactId = (await conversationOf(conversationId))!.contact_id;
    const created = await sd.request('POST', url(acme, 'legal-holds'), {
      token: acme.keys.security,
      body: { target: 'contact', targetId: contactId, reason: `Litigation hold, counsel ${PII.email}`, ticket: 'LEGAL-7' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const hold = created.json();
    expect(hold).toMatchObject({ target: 'contact', targetId: contactId, ticket: 'LEGAL-7', createdBy: acme.ids.security, releasedAt: null });
    expect(hold.reason).not.toContain(PII.email);

    expect((await sd.request('POST', url(acme, 'legal-holds'), { token: acme.keys.agent, body: { target: 'tenant', reason: 'Because I say so', ticket: 'X-1' } })).statusCode).toBe(403);
    const missing = await sd.request('POST', url(acme, 'legal-holds'), { token: acme.keys.owner, body: { target: 'conversation', targetId: 'cnv_aaaaaaaaaaaaaaaaaaaaaaaaaa', reason: 'No such conversation', ticket: 'X-2' } });
    expect(missing.statusCode).toBe(404);
    const foreign = await sd.request('POST', url(globex, 'legal-holds'), { token: globex.keys.owner, body: { target: 'conversation', targetId: conversationId, reason: "Someone else's conversation", ticket: 'X-3' } });
    expect(foreign.statusCode, 'a conversation of another tenant is not found').toBe(404);

    const listed = await sd.request('GET', url(acme, 'legal-holds'), { token: acme.keys.auditor });
    expect(listed.json().holds.map((h: { id: string }) => h.id)).toEqual([hold.id]);
    const released = await sd.request('POST', url(acme, `legal-holds/${hold.id}/release`), { token: acme.keys.owner });
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json()).toMatchObject({ id: hold.id, releasedBy: acme.ids.owner });
    const again = await sd.request('POST', url(acme, `legal-holds/${hold.id}/release`), { token: acme.keys.owner });
    expect(again.statusCode).toBe(409);
    expect((await sd.request('GET', url(acme, 'legal-holds'), { token: acme.keys.auditor })).json().holds).toEqual([]);
    expect((await sd.request('GET', url(acme, 'legal-holds?all=true'), { token: acme.keys.auditor })).json().holds).toHaveLength(1);

    const events = await log(acme);
    expect(events.find((event) => event.action === 'legal-hold.created' && event.outcome === 'allowed')).toMatchObject({
      resource: { contact: contactId },
      reason: { ticket: 'LEGAL-7' },
      details: { hold: hold.id, target: 'contact' },
    });
    expect(events.some((event) => event.action === 'legal-hold.released' && event.details?.hold === hold.id)).toBe(true);
    expect(JSON.stringify(events)).not.toContain(PII.email);
  });

  it('purges what expired, exactly as the dry run said, keeps what a hold covers, and leaves no row behind', async () => {
    // A fresh tenant, so the test sees only its own data: policy 30/90 days, articles after 180.
    const initech = await createCast(sd, 'Initech', acme);
    const policy = { conversationDays: 30, contactDays: 90, kbDays: 180 };
    await setPolicy(initech, policy);

    const resolvedOld = await openConversation(sd, initech);
    const heldConversation = await openConversation(sd, initech, 'Second conversation about the double charge');
    const silent = (await newContact(initech, 'silent@example.test')).json().id as string;
    const article = (await sd.request('POST', `/v1/tenants/${initech.tenantId}/kb/articles`, { token: initech.keys.owner, body: { title: 'Relay pairing', format: 'markdown', body: '# Relay pairing\n\nOpen Settings > Relays, select Pair and scan the code on the relay.\n' } })).json().id as string;
    await sd.request('POST', `/v1/conversations/${resolvedOld}/messages`, { token: initech.keys.owner, body: { body: 'We refunded you.' } });
    await resolve(resolvedOld);
    await resolve(heldConversation);
    const hold = (
      await sd.request('POST', url(initech, 'legal-holds'), { token: initech.keys.owner, body: { target: 'conversation', targetId: heldConversation, reason: 'Regulator inquiry REG-1', ticket: 'LEGAL-9' } })
    ).json();

    sd.clock.advance(31 * DAY);
    const recent = await openConversation(sd, initech, 'A new question');
    await resolve(recent);
    const silentContact = (await conversationOf(silent))!.contact_id;
    const contactOfOld = (await conversationOf(resolvedOld))!.contact_id;

    // After 31 days: the old resolved conversation is due; the held one is held back; nothing else.
    const dry = await purge(initech, initech.keys.auditor, true);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({
      dryRun: true,
      conversations: [{ id: resolvedOld, contactId: contactOfOld, reason: 'resolved-expired', messages: 2 }],
      contacts: [],
      kbArticles: [],
      messages: 2,
      heldBack: [{ kind: 'conversation', id: heldConversation, holdIds: [hold.id] }],
      skipped: [],
    });
    expect(await messagesOf(resolvedOld), 'a dry run deletes nothing').toHaveLength(2);
    expect((await purge(initech, initech.keys.auditor, false)).statusCode, 'an auditor may only look').toBe(403);

    const done = await purge(initech, initech.keys.admin, false);
    expect(done.statusCode, done.body).toBe(200);
    const { dryRun: _dry, ...executed } = done.json();
    const { dryRun: _planned, ...planned } = dry.json();
    expect(executed).toEqual(planned);
    expect(await conversationOf(resolvedOld)).toBeUndefined();
    expect(await messagesOf(resolvedOld)).toEqual([]);
    expect(await messagesOf(heldConversation)).toHaveLength(1);
    expect(await conversationOf(recent)).toBeDefined();

    // After 91 more days the silent contact and its open conversation go; the held conversation
    // keeps its contact (who also wrote the recent one, itself now due).
    sd.clock.advance(91 * DAY);
    const later = (await purge(initech, initech.keys.owner, true)).json();
    expect(later.conversations.map((c: { id: string }) => c.id).sort()).toEqual([recent, silent].sort());
    expect(later.contacts).toEqual([{ id: silentContact }]);
    expect(later.heldBack).toEqual([
      { kind: 'conversation', id: heldConversation, holdIds: [hold.id] },
      { kind: 'contact', id: contactOfOld, holdIds: [hold.id] },
    ]);
    expect(later.kbArticles).toEqual([]);

    sd.clock.advance(60 * DAY);
    const answer = () => sd.request('POST', `/v1/tenants/${initech.tenantId}/assistant/answer`, { token: initech.keys.owner, body: { question: 'How do I pair a relay?' } });
    const passages = async () => (await answer()).json().trace.passages.map((passage: { articleId: string }) => passage.articleId);
    expect(await passages(), 'the assistant has indexed the article').toContain(article);
    await sd.request('POST', url(initech, `legal-holds/${hold.id}/release`), { token: initech.keys.security });
    const final = (await purge(initech, initech.keys.owner, false)).json();
    expect(await passages(), 'a purged article leaves the index too').toEqual([]);
    expect(final.heldBack).toEqual([]);
    expect(final.kbArticles).toEqual([{ id: article }]);
    expect(final.contacts.map((c: { id: string }) => c.id).sort()).toEqual([contactOfOld, silentContact].sort());

    for (const table of ['conversations', 'messages', 'contacts', 'kb_articles'] as const) {
      const left = await db().selectFrom(table).select('tenant_id').where('tenant_id', '=', initech.tenantId).execute();
      expect(left, `${table} of the purged tenant`).toEqual([]);
    }

    const events = await log(initech);
    const purged = events.filter((event) => event.action === 'conversation.purged');
    expect(purged.map((event) => event.resource.conversation).sort()).toEqual([resolvedOld, recent, silent, heldConversation].sort());
    expect(purged.find((event) => event.resource.conversation === resolvedOld)).toMatchObject({
      actor: { id: initech.ids.admin },
      details: { reason: 'resolved-expired', messages: 2 },
      resource: { contact: contactOfOld },
    });
    expect(events.filter((event) => event.action === 'contact.purged')).toHaveLength(2);
    expect(events.find((event) => event.action === 'kb.article-purged')).toMatchObject({ details: { article } });
    expect(events.filter((event) => event.action === 'retention.purged').at(0)).toMatchObject({ details: { conversations: 1, messages: 2, heldBack: 1, skipped: 0 } });
    expect(events.some((event) => event.action === 'retention.purge-planned' && event.actor.id === initech.ids.auditor)).toBe(true);
    const bodies = await db().selectFrom('audit_entries').select('body').where('log_id', '=', initech.tenantId).execute();
    expect(bodies.map((row) => row.body ?? '').join('\n')).not.toContain(PII.email);
  });

  it('leaves a conversation alone when it changed after planning or a hold arrived, deleting none of its messages', async () => {
    const conversationId = await openConversation(sd, acme);
    const row = (await db().selectFrom('conversations').selectAll().where('id', '=', conversationId).executeTakeFirst())!;
    const planned = { id: conversationId, contactId: row.contact_id, updatedAt: row.updated_at, messageCount: Number(row.message_count) };
    await sd.request('POST', `/v1/conversations/${conversationId}/messages`, { token: acme.keys.owner, body: { body: 'One more thing' } });
    expect(await purgeConversation(db(), acme.tenantId, planned), 'a message arrived since planning').toBeUndefined();
    expect(await messagesOf(conversationId)).toHaveLength(2);

    const now = await db().selectFrom('conversations').selectAll().where('id', '=', conversationId).executeTakeFirstOrThrow();
    const current = { ...planned, updatedAt: now.updated_at, messageCount: Number(now.message_count) };
    await insertLegalHold(db(), {
      id: 'lgh_aaaaaaaaaaaaaaaaaaaaaaaaaa',
      tenant_id: acme.tenantId,
      target_kind: 'conversation',
      target_id: conversationId,
      reason: 'Placed between planning and deletion',
      ticket: 'LEGAL-11',
      created_by: acme.ids.owner,
      created_at: sd.clock.now().toISOString(),
      released_at: null,
      released_by: null,
    });
    expect(await purgeConversation(db(), acme.tenantId, current), 'a hold arrived since planning').toBeUndefined();
    expect(await messagesOf(conversationId)).toHaveLength(2);
    expect(await conversationOf(conversationId)).toBeDefined();
  });

  it('keeps everything of a tenant on hold and says so', async () => {
    const hooli = await createCast(sd, 'Hooli', acme);
    await setPolicy(hooli, { conversationDays: 7, contactDays: 30, kbDays: null });
    const conversationId = await openConversation(sd, hooli);
    await resolve(conversationId);
    const hold = (await sd.request('POST', url(hooli, 'legal-holds'), { token: hooli.keys.admin, body: { target: 'tenant', reason: 'Whole tenant under investigation', ticket: 'LEGAL-10' } })).json();
    sd.clock.advance(40 * DAY);
    const report = (await purge(hooli, hooli.keys.owner, false)).json();
    expect(report.conversations).toEqual([]);
    expect(report.contacts).toEqual([]);
    expect(report.heldBack.map((held: { kind: string; holdIds: string[] }) => [held.kind, held.holdIds])).toEqual([
      ['conversation', [hold.id]],
      ['contact', [hold.id]],
    ]);
    expect(await messagesOf(conversationId)).toHaveLength(1);
  });
});
