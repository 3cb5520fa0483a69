import { describe, expect, it } from 'vitest';
import { checkWebhookUrl } from './check-webhook-url.js';

describe('checkWebhookUrl', () => {
  it.each([
    ['https anywhere', 'https://hooks.example.com/sealdesk', 'https://hooks.example.com/sealdesk'],
    ['http to localhost', 'http://localhost:8080/hook', 'http://localhost:8080/hook'],
    ['http to 127.0.0.0/8', 'http://127.1.2.3/hook', 'http://127.1.2.3/hook'],
    ['http to ::1', 'http://[::1]:9000/', 'http://[::1]:9000/'],
  ])('accepts %s', (_name, url, normal) => {
    expect(checkWebhookUrl(url)).toBe(normal);
  });

  it.each([
    ['http to another host', 'http://hooks.example.com/sealdesk', /https; plain http is allowed only to a loopback/],
    ['http to a private address', 'http://10.0.0.5/hook', /loopback/],
    ['http to a name that merely starts with 127', 'http://127.0.0.1.evil.example/', /loopback/],
    ['another scheme', 'ftp://example.com/', /must use https/],
    ['credentials in the URL', 'https://user:pw@example.com/', /credentials/],
    ['a relative URL', '/hook', /not a valid absolute URL/],
  ])('refuses %s with a clear message', (_name, url, message) => {
    expect(() => checkWebhookUrl(url)).toThrow(expect.objectContaining({ code: 'invalid_request', status: 400, userMessage: expect.stringMatching(message) }));
  });
});
