import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCast, type Cast } from '../api/tenant-cast.js';
import { createTestInstallation, type TestInstallation } from '../support/test-installation.js';
import { testDatabases } from '../support/test-databases.js';

const databases = await testDatabases();
const API_KEY = 'sk-proj-SECRET-4d8f0c2a9b';

describe.each(databases)('the assistant settings API on $dialect', (database) => {
  let sd: TestInstallation;
  let cast: Cast;
  let other: Cast;
  const url = (tenantId = cast.tenantId) => `/v1/tenants/${tenantId}/assistant/settings`;
  const put = (body: unknown, token = cast.keys.admin, tenantId?: string) => sd.request('PUT', url(tenantId), { token, body });

  beforeAll(async () => {
    sd = await createTestInstallation(database);
    cast = await createCast(sd, 'Acme');
    other = await createCast(sd, 'Globex', cast);
  });
  afterAll(() => sd?.close());

  it('starts on the offline answerer', async () => {
    const response = await sd.request('GET', url(), { token: cast.keys.owner });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ provider: 'offline', baseUrl: null, chatModel: null, embeddingModel: null, apiKeySet: false, onFailure: 'offline', timeoutMs: 20_000, updatedAt: null });
  });

  it('saves a provider with its key sealed, shows the key only as set, and audits the change without it', async () => {
    const saved = await put({ provider: 'openai-compatible', baseUrl: 'https://llm.acme.example/v1/', chatModel: 'llama3.1:8b', apiKey: API_KEY, onFailure: 'human', timeoutMs: 15_000 });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ provider: 'openai-compatible', baseUrl: 'https://llm.acme.example/v1', chatModel: 'llama3.1:8b', apiKeySet: true, onFailure: 'human', timeoutMs: 15_000 });
    expect(saved.body).not.toContain(API_KEY);

    const row = await sd.installation.store.db.selectFrom('assistant_settings').selectAll().where('tenant_id', '=', cast.tenantId).executeTakeFirstOrThrow();
    expect(Buffer.from(row.api_key_enc!).toString('latin1')).not.toContain('SECRET');
    const entries = await sd.installation.store.db.selectFrom('audit_entries').select(['action', 'body']).where('log_id', '=', cast.tenantId).execute();
    const changed = entries.find((e) => e.action === 'assistant.settings-changed');
    expect(changed?.body).toContain('llm.acme.example');
    expect(entries.map((e) => e.body ?? '').join('')).not.toContain('SECRET');
  });

  it('keeps the stored key when a change leaves it out, and drops it when the server changes', async () => {
    expect((await put({ provider: 'openai-compatible', baseUrl: 'https://llm.acme.example/v1', chatModel: 'llama3.1:70b' })).json().apiKeySet).toBe(true);
    expect((await put({ provider: 'openai-compatible', baseUrl: 'https://other.example/v1', chatModel: 'm' })).json().apiKeySet).toBe(false);
    expect((await put({ provider: 'openai-compatible', baseUrl: 'https://other.example/v1', chatModel: 'm', apiKey: null })).json().apiKeySet).toBe(false);
  });

  it.each([
    ['plain http to a remote host', { provider: 'openai-compatible', baseUrl: 'http://llm.acme.example/v1', chatModel: 'm' }, 400, 'must use https'],
    ['no URL', { provider: 'openai-compatible', chatModel: 'm' }, 400, 'needs a baseUrl'],
    ['no model', { provider: 'anthropic', baseUrl: 'https://api.anthropic.com', apiKey: 'k' }, 400, 'needs a chatModel'],
    ['Anthropic without a key', { provider: 'anthropic', baseUrl: 'https://api.anthropic.com', chatModel: 'claude-sonnet-4-5' }, 400, 'needs an API key'],
    ['embeddings from Anthropic', { provider: 'anthropic', baseUrl: 'https://api.anthropic.com', chatModel: 'c', apiKey: 'k', embeddingModel: 'e' }, 400, 'openai-compatible'],
    ['a key for the offline answerer', { provider: 'offline', apiKey: 'k' }, 400, 'takes no API key'],
    ['a local model the installation lacks', { provider: 'local' }, 503, 'SEALDESK_LOCAL_MODEL_PATH'],
    ['an unknown provider', { provider: 'openai' }, 400, 'provider'],
    ['an unknown field', { provider: 'offline', temperature: 1 }, 400, ''],
    ['a timeout out of bounds', { provider: 'offline', timeoutMs: 10 }, 400, 'timeoutMs'],
    ['a model name with spaces', { provider: 'openai-compatible', baseUrl: 'https://x.example', chatModel: 'a b' }, 400, 'chatModel'],
  ])('refuses %s', async (_, body, status, message) => {
    const response = await put(body);
    expect(response.statusCode, response.body).toBe(status);
    expect(JSON.stringify(response.json().error)).toContain(message);
  });

  it.each([
    ['a manager', 'manager', 403],
    ['an agent', 'agent', 403],
    ['a security officer', 'security', 403],
  ] as const)('does not let %s read or change them', async (_, member, status) => {
    expect((await sd.request('GET', url(), { token: cast.keys[member] })).statusCode).toBe(status);
    expect((await put({ provider: 'offline' }, cast.keys[member])).statusCode).toBe(status);
  });

  it("hides another tenant's settings, and operator staff get none", async () => {
    expect((await sd.request('GET', url(other.tenantId), { token: cast.keys.admin })).statusCode).toBe(404);
    expect((await put({ provider: 'offline' }, cast.keys.admin, other.tenantId)).statusCode).toBe(404);
    expect((await sd.request('GET', url(), { token: sd.operatorKey })).statusCode).toBe(404);
  });
});
