import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDetectorRedactorFactory } from '../../src/privacy/index.js';
import { createTestInstallation, type TestInstallation } from '../support/test-installation.js';
import { testDatabases } from '../support/test-databases.js';
import { ask, createCast, openConversation, PII, type Cast } from './tenant-cast.js';

const [sqlite] = await testDatabases();

describe('the redacted view with the full PII detector, as serve runs it', () => {
  let sd: TestInstallation;
  let acme: Cast;

  beforeAll(async () => {
    sd = await createTestInstallation(sqlite!, { redactor: createDetectorRedactorFactory() });
    acme = await createCast(sd, 'Acme');
  });

  afterAll(async () => {
    await sd?.close();
  });

  it('shows an agent with a redacted grant typed tokens for every kind of personal data', async () => {
    const body = `Hello, I'm Margaret Thompson (${PII.email}, ${PII.phone}). Card ${PII.card}, IBAN GB82 WEST 1234 5698 7654 32.`;
    const conversationId = await openConversation(sd, acme, body);
    const asked = await ask(sd, acme.keys.agent, { tenantId: acme.tenantId, conversationIds: [conversationId], view: 'redacted', durationMinutes: 30 });
    expect(asked.statusCode, asked.body).toBe(201);
    const response = await sd.request('GET', `/v1/conversations/${conversationId}`, { token: acme.keys.agent });
    expect(response.json().view).toBe('redacted');
    const text: string = response.json().messages[0].body;
    for (const value of ['Margaret', 'Thompson', PII.email, PII.phone, PII.card, 'GB82']) expect(response.body).not.toContain(value);
    expect(text).toMatch(/\[PERSON_1\].*\[EMAIL_1\].*\[PHONE_1\].*\[CREDIT_CARD_1\].*\[IBAN_1\]/);
  });
});
