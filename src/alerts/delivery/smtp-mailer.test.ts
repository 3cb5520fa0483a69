import { describe, expect, it } from 'vitest';
import { smtpTransportOptions, type SmtpSettings } from './smtp-mailer.js';

const settings: SmtpSettings = { host: 'mail.example.com', port: 587, secure: false, user: 'alerts', password: 'pw', from: 'sealdesk@example.com' };

describe('smtpTransportOptions', () => {
  it('requires STARTTLS, with verified certificates, to a remote server', () => {
    expect(smtpTransportOptions(settings)).toMatchObject({
      host: 'mail.example.com',
      port: 587,
      secure: false,
      requireTLS: true,
      auth: { user: 'alerts', pass: 'pw' },
      tls: { rejectUnauthorized: true, minVersion: 'TLSv1.2' },
    });
  });

  it('uses TLS from the first byte for smtps', () => {
    expect(smtpTransportOptions({ ...settings, port: 465, secure: true })).toMatchObject({ secure: true, requireTLS: false });
  });

  it.each(['127.0.0.1', 'localhost', '::1'])('does not require STARTTLS to loopback %s', (host) => {
    expect(smtpTransportOptions({ ...settings, host, user: undefined, password: undefined })).toMatchObject({ requireTLS: false });
    expect(smtpTransportOptions({ ...settings, host, user: undefined })).not.toHaveProperty('auth');
  });
});
