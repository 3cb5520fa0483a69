import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestInstallation, type TestInstallation } from '../support/test-installation.js';
import { testDatabases } from '../support/test-databases.js';

const [sqlite] = await testDatabases();

describe('bad input gets a clear 4xx with a stable code', () => {
  let sd: TestInstallation;
  let tenantId: string;
  let ownerKey: string;
  let conversationId: string;

  beforeAll(async () => {
    sd = await createTestInstallation(sqlite!);
    tenantId = (await sd.request('POST', '/v1/tenants', { token: sd.operatorKey, body: { name: 'Acme' } })).json().id;
    ownerKey = (
      await sd.request('POST', `/v1/tenants/${tenantId}/members`, {
        token: sd.operatorKey,
        body: { email: 'o@acme.test', name: 'O', role: 'owner' },
      })
    ).json().apiKey;
    conversationId = (
      await sd.request('POST', `/v1/tenants/${tenantId}/conversations`, {
        token: ownerKey,
        body: { contact: { name: 'C' }, message: { body: 'hello' } },
      })
    ).json().id;
  });

  afterAll(async () => {
    await sd?.close();
  });

  function raw(method: 'GET' | 'POST', url: string, payload: string | undefined, headers: Record<string, string> = {}) {
    return sd.app.inject({ method, url, payload, headers: { authorization: `Bearer ${ownerKey}`, ...headers } });
  }

  it.each([
    ['malformed JSON', () => raw('POST', `/v1/conversations/${conversationId}/messages`, '{"body": "secret text', { 'content-type': 'application/json' }), 400, 'malformed_json'],
    ['an empty JSON body where one is needed', () => raw('POST', `/v1/conversations/${conversationId}/messages`, '', { 'content-type': 'application/json' }), 400, 'invalid_request'],
    ['prototype poisoning', () => raw('POST', `/v1/conversations/${conversationId}/messages`, '{"body": "x", "__proto__": {"admin": true}}', { 'content-type': 'application/json' }), 400, 'malformed_json'],
    ['an unknown field', () => sd.request('POST', `/v1/conversations/${conversationId}/messages`, { token: ownerKey, body: { body: 'x', admin: true } }), 400, 'invalid_request'],
    ['a wrong type', () => sd.request('POST', `/v1/conversations/${conversationId}/messages`, { token: ownerKey, body: { body: 42 } }), 400, 'invalid_request'],
    ['an empty message', () => sd.request('POST', `/v1/conversations/${conversationId}/messages`, { token: ownerKey, body: { body: '' } }), 400, 'invalid_request'],
    ['an oversized body', () => raw('POST', `/v1/conversations/${conversationId}/messages`, JSON.stringify({ body: 'x'.repeat(70_000) }), { 'content-type': 'application/json' }), 413, 'payload_too_large'],
    ['a message over 32,000 characters', () => sd.request('POST', `/v1/conversations/${conversationId}/messages`, { token: ownerKey, body: { body: 'y'.repeat(32_001) } }), 400, 'invalid_request'],
    ['a non-JSON content type', () => raw('POST', `/v1/conversations/${conversationId}/messages`, 'body=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type'],
    ['a malformed conversation id', () => sd.request('GET', '/v1/conversations/not-an-id', { token: ownerKey }), 400, 'invalid_id'],
    ['an id of the wrong kind', () => sd.request('GET', `/v1/conversations/${tenantId}`, { token: ownerKey }), 400, 'invalid_id'],
    ['an unknown but well-formed id', () => sd.request('GET', '/v1/conversations/cnv_aaaaaaaaaaaaaaaaaaaaaaaaaa', { token: ownerKey }), 404, 'not_found'],
    ['a malformed member id', () => sd.request('POST', `/v1/conversations/${conversationId}/assign`, { token: ownerKey, body: { memberId: 'x' } }), 400, 'invalid_id'],
    ['an unknown role', () => sd.request('POST', `/v1/tenants/${tenantId}/members`, { token: ownerKey, body: { email: 'a@b.test', name: 'A', role: 'god' } }), 400, 'invalid_request'],
    ['a bad e-mail', () => sd.request('POST', `/v1/tenants/${tenantId}/members`, { token: ownerKey, body: { email: 'not-mail', name: 'A', role: 'agent' } }), 400, 'invalid_request'],
    ['a bad query parameter', () => sd.request('GET', `/v1/tenants/${tenantId}/conversations?limit=0`, { token: ownerKey }), 400, 'invalid_request'],
    ['an unknown query parameter', () => sd.request('GET', `/v1/tenants/${tenantId}/conversations?sort=x`, { token: ownerKey }), 400, 'invalid_request'],
    ['no credentials', () => sd.app.inject({ method: 'GET', url: `/v1/tenants/${tenantId}/conversations` }), 401, 'unauthenticated'],
    ['a wrong API key', () => sd.request('GET', `/v1/tenants/${tenantId}/conversations`, { token: `${ownerKey.slice(0, -4)}AAAA` }), 401, 'unauthenticated'],
    ['a garbage token', () => sd.request('GET', `/v1/tenants/${tenantId}/conversations`, { token: 'hello' }), 401, 'unauthenticated'],
    ['a non-bearer scheme', () => sd.app.inject({ method: 'GET', url: `/v1/tenants/${tenantId}/conversations`, headers: { authorization: `Basic ${ownerKey}` } }), 401, 'unauthenticated'],
    ['an unknown route', () => sd.request('GET', '/v1/nothing-here', { token: ownerKey }), 404, 'route_not_found'],
    ['an unknown tenant', () => sd.request('GET', '/v1/tenants/ten_aaaaaaaaaaaaaaaaaaaaaaaaaa/conversations', { token: ownerKey }), 404, 'not_found'],
  ] as const)('%s', async (_name, send, status, code) => {
    const response = await send();
    expect(response.statusCode).toBe(status);
    const body = response.json();
    expect(body.error.code).toBe(code);
    expect(typeof body.error.message).toBe('string');
    expect(body.error.requestId).toBe(response.headers['x-request-id']);
    expect(response.body).not.toMatch(/\bat .*\.(js|ts):\d+/);
    expect(response.body).not.toContain('secret text');
  });

  it('takes an empty body sent as JSON on a route that needs none (curl -X POST with a JSON content type)', async () => {
    const resolved = await raw('POST', `/v1/conversations/${conversationId}/resolve`, '', { 'content-type': 'application/json' });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json()).toMatchObject({ status: 'resolved' });
  });

  it('answers every response with security headers', async () => {
    const response = await sd.request('GET', `/v1/tenants/${tenantId}/conversations`, { token: ownerKey });
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves an OpenAPI document that lists every route', async () => {
    const response = await sd.request('GET', '/v1/openapi.json');
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe('3.0.3');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/v1/conversations/{conversationId}',
        '/v1/conversations/{conversationId}/assign',
        '/v1/conversations/{conversationId}/messages',
        '/v1/operator/members',
        '/v1/tenants',
        '/v1/tenants/{tenantId}/conversations',
        '/v1/tenants/{tenantId}/members',
        '/v1/widget/{tenantId}/session',
      ]),
    );
    expect(document.paths['/v1/tenants/{tenantId}/members'].post.requestBody.content['application/json'].schema.properties.role.enum).toContain('auditor');
  });
});
