import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageBodyBinding } from '../../src/conversations/bindings.js';
import { systemJustification } from '../../src/crypto/index.js';
import { dataDirPaths } from '../../src/installation/index.js';
import { createCast, type Cast } from '../api/tenant-cast.js';
import { createTestInstallation, type TestInstallation } from '../support/test-installation.js';
import { testDatabases } from '../support/test-databases.js';

const databases = await testDatabases();
const JANE = { email: 'Jane.Roe@Example.test', name: 'Jane Roe' };
const BOB = { email: 'bob@example.test', name: 'Bob Stone' };
const TICKET = 'DSAR-2026-0042';
const justification = systemJustification('test', 'read-sealed-row');

describe.each(databases)("data subjects' export and erasure on $dialect", (database) => {
  let sd: TestInstallation;
  let cast: Cast;
  let other: Cast;
  const db = () => sd.installation.store.db;
  const privacy = (path: 'export' | 'erasure', body: unknown, token = cast.keys.admin, tenantId = cast.tenantId) =>
    sd.request('POST', `/v1/tenants/${tenantId}/privacy/${path}`, { token, body });
  const converse = async (contact: { email: string; name: string }, body: string) => {
    const response = await sd.request('POST', `/v1/tenants/${cast.tenantId}/conversations`, { token: cast.keys.owner, body: { contact, message: { body } } });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  };
  const vaultPurposes = () => {
    const vault = new SQLite(dataDirPaths(sd.dataDir).subjectKeys, { readonly: true });
    try {
      return (vault.prepare('SELECT purpose FROM subject_keys WHERE scope = ?').all(cast.tenantId) as { purpose: string }[]).map((r) => r.purpose);
    } finally {
      vault.close();
    }
  };

  /** Jane's contact, found the way a request finds her (both contacts share the test clock's creation time). */
  const janeContact = async () => {
    const exported = await privacy('export', { email: JANE.email, ticket: TICKET });
    expect(exported.statusCode, exported.body).toBe(200);
    return { id: exported.json().contacts[0].id as string };
  };

  beforeAll(async () => {
    sd = await createTestInstallation(database);
    cast = await createCast(sd, 'Acme');
    other = await createCast(sd, 'Globex', cast);
    await converse(JANE, 'My parcel 7781 never arrived.');
    await converse({ email: 'jane.roe@example.test', name: 'Jane Roe' }, 'Second question: can I change the address?');
    await converse(BOB, 'Where is my invoice?');
  });
  afterAll(() => sd?.close());

  it("seals each contact's details and messages under their own subject key, kept in the vault file, not the database", async () => {
    const contacts = await db().selectFrom('contacts').select('id').where('tenant_id', '=', cast.tenantId).execute();
    expect(contacts).toHaveLength(2); // one Jane (same address, any case), one Bob
    expect(vaultPurposes().sort()).toEqual(contacts.map((c) => `subject/${c.id}`).sort());
    const inDatabase = await db().selectFrom('wrapped_keys').select('purpose').where('scope', '=', cast.tenantId).execute();
    expect(inDatabase.map((r) => r.purpose)).not.toContainEqual(expect.stringMatching(/^subject\//));
  });

  it('exports everything about Jane, found by her e-mail in any case, and nothing about Bob', async () => {
    const response = await privacy('export', { email: 'JANE.ROE@example.test', ticket: TICKET });
    expect(response.statusCode, response.body).toBe(200);
    const exported = response.json();
    expect(exported).toMatchObject({ format: 'sealdesk-subject-export', version: 1, tenantId: cast.tenantId, ticket: TICKET });
    expect(exported.contacts).toHaveLength(1);
    expect(exported.contacts[0]).toMatchObject({ email: JANE.email, name: JANE.name });
    expect(exported.contacts[0].conversations.flatMap((c: { messages: { body: string }[] }) => c.messages.map((m) => m.body)).sort()).toEqual([
      'My parcel 7781 never arrived.',
      'Second question: can I change the address?',
    ]);
    expect(response.body).not.toContain('Bob');
    expect(response.body).not.toContain('invoice');

    const entry = await db().selectFrom('audit_entries').select('body').where('log_id', '=', cast.tenantId).where('action', '=', 'privacy.subject-exported').where('outcome', '=', 'allowed').executeTakeFirstOrThrow();
    expect(entry.body).toContain(TICKET);
    expect(entry.body).not.toContain('parcel');
    expect(entry.body?.toLowerCase()).not.toContain('jane');
  });

  it('answers a request about an unknown person with an empty export', async () => {
    const response = await privacy('export', { email: 'nobody@example.test', ticket: TICKET });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().contacts).toEqual([]);
  });

  it.each([
    ['a manager', 'manager', 403],
    ['an agent', 'agent', 403],
    ['a security officer', 'security', 403],
    ['an auditor', 'auditor', 403],
    ['operator staff', 'engineer', 404],
  ] as const)('refuses %s', async (_, member, status) => {
    for (const path of ['export', 'erasure'] as const) {
      const response = await privacy(path, { email: JANE.email, ticket: TICKET }, cast.keys[member]);
      expect(response.statusCode, response.body).toBe(status);
    }
  });

  it("hides another tenant's data subjects", async () => {
    const own = await privacy('export', { email: JANE.email, ticket: TICKET }, other.keys.admin, other.tenantId);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().contacts).toEqual([]); // Globex holds no Jane
    expect((await privacy('export', { email: JANE.email, ticket: TICKET }, other.keys.admin, cast.tenantId)).statusCode).toBe(404);
    expect((await privacy('erasure', { email: JANE.email, ticket: TICKET }, other.keys.admin, cast.tenantId)).statusCode).toBe(404);
  });

  it.each([
    ['no ticket', { email: JANE.email }],
    ['a malformed e-mail', { email: 'jane', ticket: TICKET }],
    ['an unknown field', { email: JANE.email, ticket: TICKET, reason: 'x' }],
  ])('rejects %s', async (_, body) => {
    expect((await privacy('erasure', body)).statusCode).toBe(400);
  });

  it('refuses to erase someone under legal hold, and erases once it is released', async () => {
    const jane = await janeContact();
    const held = await sd.request('POST', `/v1/tenants/${cast.tenantId}/privacy/legal-holds`, {
      token: cast.keys.admin,
      body: { target: 'contact', targetId: jane.id, reason: 'Litigation over a lost parcel', ticket: 'LEGAL-7' },
    });
    expect(held.statusCode, held.body).toBe(201);
    const refused = await privacy('erasure', { email: JANE.email, ticket: TICKET });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().error.message).toContain(held.json().id);
    expect(await db().selectFrom('contacts').select('id').where('id', '=', jane.id).execute()).toHaveLength(1);
    const released = await sd.request('POST', `/v1/tenants/${cast.tenantId}/privacy/legal-holds/${held.json().id}/release`, { token: cast.keys.admin });
    expect(released.statusCode, released.body).toBe(200);
  });

  it('erases Jane: rows deleted, subject key destroyed, a receipt returned; copies of her ciphertext made before stay unreadable; Bob is untouched', async () => {
    const jane = await janeContact();
    // What a backup made now would hold: Jane's sealed rows, the tenant's wrapped keys — not the vault.
    const backedUp = await db()
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .select(['messages.id', 'messages.body_enc', 'conversations.contact_id'])
      .where('messages.tenant_id', '=', cast.tenantId)
      .execute();
    const janes = backedUp.filter((m) => m.contact_id === jane.id);
    const bobs = backedUp.filter((m) => m.contact_id !== jane.id);
    expect(janes).toHaveLength(2);

    const response = await privacy('erasure', { email: JANE.email, ticket: TICKET });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      receiptId: expect.stringMatching(/^era_/),
      tenantId: cast.tenantId,
      ticket: TICKET,
      contactIds: [jane.id],
      deleted: { contacts: 1, conversations: 2, messages: 2 },
      subjectKeysDestroyed: 1,
    });

    expect(await db().selectFrom('contacts').select('id').where('id', '=', jane.id).execute()).toEqual([]);
    expect(await db().selectFrom('conversations').select('id').where('contact_id', '=', jane.id).execute()).toEqual([]);
    expect(vaultPurposes()).toEqual([`subject/${bobs[0]!.contact_id}`]);

    sd.installation.keyRing.clearCache();
    for (const message of janes) {
      await expect(sd.installation.keyRing.openText(message.body_enc, messageBodyBinding(cast.tenantId, message.id, jane.id), justification)).rejects.toMatchObject({
        code: 'key_unavailable',
      });
    }
    for (const message of bobs) {
      expect(await sd.installation.keyRing.openText(message.body_enc, messageBodyBinding(cast.tenantId, message.id, message.contact_id), justification)).toBe('Where is my invoice?');
    }

    const entry = await db().selectFrom('audit_entries').select('body').where('log_id', '=', cast.tenantId).where('action', '=', 'privacy.subject-erased').where('outcome', '=', 'allowed').executeTakeFirstOrThrow();
    expect(entry.body).toContain(response.json().receiptId);
    expect(entry.body).toContain(jane.id);
    expect((await privacy('export', { email: JANE.email, ticket: TICKET })).json().contacts).toEqual([]);
  });

  it('erasing someone already erased destroys nothing more', async () => {
    const response = await privacy('erasure', { email: JANE.email, ticket: TICKET });
    expect(response.json()).toMatchObject({ contactIds: [], deleted: { contacts: 0, conversations: 0, messages: 0 }, subjectKeysDestroyed: 0 });
  });
});
