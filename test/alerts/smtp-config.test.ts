import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';

const FROM = 'sealdesk@example.com';

describe('SMTP settings from the environment', () => {
  it('are absent unless configured', () => {
    expect(loadConfig({}).smtp).toBeUndefined();
  });

  it.each([
    ['smtp://alerts:p%40ss@mail.example.com:2525', { host: 'mail.example.com', port: 2525, secure: false, user: 'alerts', password: 'p@ss' }],
    ['smtp://mail.example.com', { host: 'mail.example.com', port: 587, secure: false, user: undefined, password: undefined }],
    ['smtps://alerts:pw@mail.example.com', { host: 'mail.example.com', port: 465, secure: true, user: 'alerts', password: 'pw' }],
    ['smtp://[::1]:25', { host: '::1', port: 25, secure: false }],
  ])('read %s', (url, expected) => {
    expect(loadConfig({ SEALDESK_SMTP_URL: url, SEALDESK_SMTP_FROM: FROM }).smtp).toMatchObject({ ...expected, from: FROM });
  });

  it.each([
    ['another scheme', { SEALDESK_SMTP_URL: 'https://mail.example.com', SEALDESK_SMTP_FROM: FROM }, /SEALDESK_SMTP_URL/],
    ['a bad sender', { SEALDESK_SMTP_URL: 'smtp://mail.example.com', SEALDESK_SMTP_FROM: 'sealdesk' }, /SEALDESK_SMTP_FROM/],
    ['a URL without a sender', { SEALDESK_SMTP_URL: 'smtp://mail.example.com' }, /together/],
  ])('refuse %s', (_name, environment, message) => {
    expect(() => loadConfig(environment)).toThrow(expect.objectContaining({ code: 'config_invalid', userMessage: expect.stringMatching(message) }));
  });

  it('never echo the password in an error', () => {
    expect(() => loadConfig({ SEALDESK_SMTP_URL: 'ftp://alerts:hunter2@mail.example.com', SEALDESK_SMTP_FROM: FROM })).toThrow(
      expect.objectContaining({ userMessage: expect.not.stringContaining('hunter2') }),
    );
  });
});
