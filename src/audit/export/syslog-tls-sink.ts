import { isIP } from 'node:net';
import { connect } from 'node:tls';
import { SealdeskError } from '../../errors/index.js';
import type { ExportSink } from './export-sink.js';
import type { ExportedEntry } from './exported-entry.js';
import { checkSyslogOptions, formatSyslog, type SyslogOptions } from './format-syslog.js';
import { frameOctetCounted } from './frame-octet-counted.js';

/** The port RFC 5425 §4.1 assigns to syslog over TLS. */
const SYSLOG_TLS_PORT = 6514;

export interface SyslogTlsSinkOptions {
  /** The receiver, `tls://host[:port]` (port 6514 by default). */
  readonly url: string;
  /** PEM certificates to trust instead of the system store (a private CA). Verification is always on. */
  readonly ca?: string | Buffer | undefined;
  readonly syslog: SyslogOptions;
  /** How long one batch may take, from connecting to the receiver's close (default 30 s). */
  readonly timeoutMs?: number | undefined;
}

/**
 * Sends batches as RFC 5424 messages over TLS (RFC 5425): TLS 1.2 or later, the receiver's
 * certificate and name always verified, octet-counting framing (`MSG-LEN SP SYSLOG-MSG`).
 *
 * RFC 5425 has no application-level acknowledgement, and a socket's write callback only means the
 * local kernel took the bytes: a receiver that drops the connection loses whatever was still in
 * flight. So each batch is one connection, closed by us after its last message, and the batch
 * counts as delivered only when the receiver answers our close with its own (RFC 5425 §4.4), which
 * it can only do after reading everything before it. An error, a reset, a timeout or a close before
 * ours rejects with `export_unacknowledged`, and the exporter sends the batch again.
 */
export class SyslogTlsSink implements ExportSink {
  readonly #host: string;
  readonly #port: number;
  readonly #ca: string | Buffer | undefined;
  readonly #syslog: SyslogOptions;
  readonly #timeoutMs: number;

  constructor(options: SyslogTlsSinkOptions) {
    checkSyslogOptions(options.syslog);
    const { host, port } = parseSyslogUrl(options.url);
    this.#host = host;
    this.#port = port;
    this.#ca = options.ca;
    this.#syslog = options.syslog;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
  }

  async deliver(entries: readonly ExportedEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.#send(Buffer.concat(entries.map((entry) => frameOctetCounted(formatSyslog(entry, this.#syslog)))));
  }

  #send(payload: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      let flushed = false;
      let answered = false;
      const socket = connect({
        host: this.#host,
        port: this.#port,
        ...(isIP(this.#host) === 0 && { servername: this.#host }),
        ...(this.#ca !== undefined && { ca: this.#ca }),
        minVersion: 'TLSv1.2',
        rejectUnauthorized: true,
      });
      const fail = (reason: string) => {
        clearTimeout(timer);
        socket.destroy();
        reject(
          new SealdeskError('export_unacknowledged', {
            userMessage: `The syslog receiver at ${this.#host}:${this.#port} ${reason}; the batch was not acknowledged.`,
          }),
        );
      };
      const timer = setTimeout(() => fail(`did not close within ${this.#timeoutMs} ms`), this.#timeoutMs);
      socket.once('secureConnect', () => socket.end(payload, () => (flushed = true)));
      socket.on('end', () => (answered = flushed));
      socket.once('error', (error) => fail(`failed: ${error.message}`));
      socket.once('close', () => {
        clearTimeout(timer);
        if (answered) resolve();
        else fail('closed the connection before acknowledging');
      });
      socket.resume();
    });
  }
}

/** `tls://host[:port]`; an IPv6 address goes in brackets. */
function parseSyslogUrl(value: string): { host: string; port: number } {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  const host = url?.hostname.replace(/^\[(.*)\]$/, '$1') ?? '';
  if (!url || url.protocol !== 'tls:' || host === '' || url.port === '0' || url.pathname !== '' || url.search !== '' || url.username !== '') {
    throw new SealdeskError('invalid_request', { userMessage: 'The syslog receiver must be given as tls://host:port.' });
  }
  return { host, port: url.port === '' ? SYSLOG_TLS_PORT : Number(url.port) };
}
