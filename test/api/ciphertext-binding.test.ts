import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestInstallation, type TestInstallation } from '../support/test-installation.js';
import { testDatabases } from '../support/test-databases.js';

const databases = await testDatabases();

describe.each(databases)('ciphertexts are bound to their row on $dialect', (database) => {
  let sd: TestInstallation;
  let ownerKey: string;
  const conversations: string[] = [];

  beforeAll(async () => {
    sd = await createTestInstallation(database);
    const tenantId = (await sd.request('POST', '/v1/tenants', { token: sd.operatorKey, body: { name: 'Acme' } })).json().id;
    ownerKey = (
      await sd.request('POST', `/v1/tenants/${tenantId}/members`, {
        token: sd.operatorKey,
        body: { email: 'o@acme.test', name: 'O', role: 'owner' },
      })
    ).json().apiKey;
    for (const [email, body] of [
      ['alice@example.test', 'alice message'],
      ['bob@example.test', 'bob message'],
    ]) {
      const created = await sd.request('POST', `/v1/tenants/${tenantId}/conversations`, {
        token: ownerKey,
        body: { contact: { email }, message: { body } },
      });
      conversations.push(created.json().id);
    }
  });

  afterAll(async () => {
    await sd?.close();
  });

  it('stores message bodies and contact e-mails only as envelopes', async () => {
    const { db } = sd.installation.store;
    const messages = await db.selectFrom('messages').select('body_enc').execute();
    const contacts = await db.selectFrom('contacts').select(['email_enc', 'email_index']).execute();
    for (const { body_enc } of messages) {
      expect(Buffer.from(body_enc).subarray(0, 2).toString()).toBe('SD');
      expect(Buffer.from(body_enc).toString('latin1')).not.toContain('message');
    }
    for (const contact of contacts) {
      expect(Buffer.from(contact.email_enc!).toString('latin1')).not.toContain('example.test');
      expect(contact.email_index).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('refuses to open a message body copied onto another row', async () => {
    const { db } = sd.installation.store;
    const [source] = await db.selectFrom('messages').select('body_enc').where('conversation_id', '=', conversations[0]!).execute();
    await db.updateTable('messages').set({ body_enc: source!.body_enc }).where('conversation_id', '=', conversations[1]!).execute();

    const swapped = await sd.request('GET', `/v1/conversations/${conversations[1]}`, { token: ownerKey });
    expect(swapped.statusCode).toBe(500);
    expect(swapped.json().error.code).toBe('decryption_failed');
    expect(swapped.body).not.toContain('alice message');
    expect((await sd.request('GET', `/v1/conversations/${conversations[0]}`, { token: ownerKey })).json().messages[0].body).toBe(
      'alice message',
    );
  });

  it('refuses a contact e-mail copied onto another contact', async () => {
    const { db } = sd.installation.store;
    const rows = await db.selectFrom('contacts').select(['id', 'email_enc']).orderBy('id').execute();
    await db.updateTable('contacts').set({ email_enc: rows[0]!.email_enc }).where('id', '=', rows[1]!.id).execute();
    const responses = await Promise.all(
      conversations.map((id) => sd.request('GET', `/v1/conversations/${id}`, { token: ownerKey })),
    );
    expect(responses.some((response) => response.json().error?.code === 'decryption_failed')).toBe(true);
  });
});
