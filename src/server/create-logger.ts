import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pino, { type Logger } from 'pino';

/**
 * Paths pino must never write. Requests are logged without bodies; these catch credentials in
 * headers and any field that could carry content if someone logs an object carelessly.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.body',
  '*.email',
  '*.name',
  '*.apiKey',
  '*.token',
];

/** JSON logs to standard output and, when given, an append-only file (mode 0600). */
export function createLogger(options: { readonly level: string; readonly file?: string | undefined }): Logger {
  const streams: pino.StreamEntry[] = [{ stream: process.stdout }];
  if (options.file) {
    mkdirSync(dirname(options.file), { recursive: true, mode: 0o700 });
    streams.push({ stream: pino.destination({ dest: options.file, mkdir: true, append: true, mode: 0o600, sync: false }) });
  }
  return pino({ level: options.level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, pino.multistream(streams));
}
