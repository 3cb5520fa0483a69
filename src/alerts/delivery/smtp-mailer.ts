import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { isLoopbackHost } from '../../common/index.js';
import { delivered, failed, type DeliveryOutcome } from './delivery-outcome.js';
import { failureCode } from './failure-code.js';

/** Where alert e-mail goes out (from `SEALDESK_SMTP_URL` and `SEALDESK_SMTP_FROM`). */
export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  /** TLS from the first byte (`smtps://`, usually port 465); otherwise STARTTLS. */
  readonly secure: boolean;
  readonly user: string | undefined;
  readonly password: string | undefined;
  readonly from: string;
}

export interface AlertEmailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** The port the delivery worker sends e-mail through. */
export interface Mailer {
  send(message: AlertEmailMessage): Promise<DeliveryOutcome>;
}

export interface SmtpMailerOptions {
  /** Trust these CA certificates (PEM) instead of the system's; for tests and private CAs. */
  readonly ca?: string | Buffer;
}

/**
 * Sends alert e-mail over SMTP with nodemailer, one connection per message. STARTTLS is required
 * (and certificates verified) unless the server is on loopback or `secure` is set.
 */
export function createSmtpMailer(settings: SmtpSettings, options: SmtpMailerOptions = {}): Mailer {
  const transport = nodemailer.createTransport(smtpTransportOptions(settings, options));
  return {
    async send(message) {
      try {
        await transport.sendMail({
          from: settings.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          headers: { 'auto-submitted': 'auto-generated' },
        });
        return delivered;
      } catch (error) {
        return failed(failureCode(error, 'smtp_failed'));
      }
    },
  };
}

/** nodemailer's options for `settings`; exported for its test. */
export function smtpTransportOptions(settings: SmtpSettings, options: SmtpMailerOptions = {}): SMTPTransport.Options {
  return {
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    requireTLS: !settings.secure && !isLoopbackHost(settings.host),
    ...(settings.user !== undefined && { auth: { user: settings.user, pass: settings.password ?? '' } }),
    tls: { minVersion: 'TLSv1.2', rejectUnauthorized: true, ...(options.ca !== undefined && { ca: options.ca }) },
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    logger: false,
  };
}
