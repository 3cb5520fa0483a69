import { isIP } from 'node:net';
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import { connect, type TLSSocket } from 'node:tls';
import type { LatencySummary, LoadOptions, LoadRequest, LoadResult } from './load-types.js';

/** Called when the measured window opens and closes, so the caller can sample CPU time. */
export interface WindowEvents {
  onWindowStart?(): void;
  onWindowEnd?(): void;
}

const MAX_HEADER_BYTES = 64 * 1024;
const RECONNECT_DELAY_MS = 20;

interface Connection {
  socket: TLSSocket | undefined;
  pending: Buffer | undefined;
  sentAt: bigint;
  inFlight: boolean;
  /** Set when this socket's loss is already counted (error event, timeout, protocol error). */
  lossCounted: boolean;
  closed: boolean;
}

/**
 * A closed-loop HTTP/1.1 load generator over TLS: each connection sends one request, waits for
 * the whole response, then sends the next (no pipelining). Certificates are verified against
 * `options.ca` — verification is never turned off. Responses must carry `content-length`
 * (Fastify's JSON replies do); anything else counts as a protocol error.
 *
 * Timeline: connect and warm up for `warmupSeconds` (nothing recorded), measure for
 * `durationSeconds`, then stop sending and let in-flight requests finish (at most
 * `timeoutSeconds`). Only responses completed inside the window are counted.
 */
export function runClosedLoop(options: LoadOptions, events: WindowEvents = {}): Promise<LoadResult> {
  const encoded = options.requests.map((request) => encodeRequest(request, options));
  if (encoded.length === 0) return Promise.reject(new Error('no requests to send'));
  const timeoutMs = options.timeoutSeconds * 1000;
  const histogram: RecordableHistogram = createHistogram({ lowest: 1, highest: 120_000_000_000, figures: 3 });
  const statusCounts: Record<string, number> = {};
  const errors = { connection: 0, timeout: 0, protocol: 0 };
  const perSecond = new Array<number>(Math.floor(options.durationSeconds)).fill(0);
  const protocols = new Set<string>();
  const ciphers = new Set<string>();
  let phase: 'warmup' | 'measure' | 'drain' = 'warmup';
  let windowStart = 0n;
  let windowEnd = 0n;
  let next = 0;
  let completed = 0;
  let non2xx = 0;
  let bytesSent = 0;
  let bytesReceived = 0;
  let handshakes = 0;
  let verified = 0;
  let reconnects = 0;
  let lastError = '';
  const maxReconnects = Math.max(50, options.connections * 10);
  const connections: Connection[] = [];

  return new Promise<LoadResult>((resolve, reject) => {
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      for (const connection of connections) connection.socket?.destroy();
      reject(new Error(message));
    };

    const open = (connection: Connection) => {
      const socket = connect({
        host: options.host,
        port: options.port,
        ca: options.ca,
        rejectUnauthorized: true,
        ...(isIP(options.checkHost) === 0 && { servername: options.checkHost }),
      });
      connection.socket = socket;
      connection.pending = undefined;
      connection.inFlight = false;
      connection.lossCounted = false;
      connection.closed = false;
      socket.setNoDelay(true);
      socket.setTimeout(timeoutMs, () => {
        if (connection.inFlight) {
          errors.timeout++;
          connection.lossCounted = true;
        }
        socket.destroy();
      });
      socket.once('secureConnect', () => {
        handshakes++;
        if (socket.authorized) verified++;
        const protocol = socket.getProtocol();
        if (protocol) protocols.add(protocol);
        ciphers.add(socket.getCipher().standardName);
        send(connection);
      });
      socket.on('data', (chunk: Buffer) => receive(connection, chunk));
      socket.on('error', (error) => {
        lastError = error.message;
        errors.connection++;
        connection.lossCounted = true;
      });
      socket.on('close', () => closed(connection, socket));
    };

    const send = (connection: Connection) => {
      const socket = connection.socket;
      if (!socket || socket.destroyed) return;
      if (phase === 'drain') {
        socket.destroy();
        return;
      }
      const request = encoded[next++ % encoded.length] as Buffer;
      connection.inFlight = true;
      connection.sentAt = process.hrtime.bigint();
      bytesSent += request.length;
      socket.write(request);
    };

    const receive = (connection: Connection, chunk: Buffer) => {
      const data = connection.pending ? Buffer.concat([connection.pending, chunk]) : chunk;
      const headerEnd = data.indexOf('\r\n\r\n');
      if (headerEnd === -1) {
        if (data.length > MAX_HEADER_BYTES) return protocolError(connection, 'response headers too large');
        connection.pending = data;
        return;
      }
      const head = data.toString('latin1', 0, headerEnd);
      const status = /^HTTP\/1\.1 (\d{3}) /.exec(head)?.[1];
      const contentLength = /\r\ncontent-length:[ \t]*(\d+)/i.exec(head)?.[1];
      if (!connection.inFlight || status === undefined || contentLength === undefined) {
        return protocolError(connection, `unexpected response: ${head.split('\r\n')[0] ?? ''}`);
      }
      const total = headerEnd + 4 + Number(contentLength);
      if (data.length < total) {
        connection.pending = data;
        return;
      }
      if (data.length > total) return protocolError(connection, 'bytes after the response (no pipelining was asked for)');
      const now = process.hrtime.bigint();
      connection.pending = undefined;
      connection.inFlight = false;
      bytesReceived += total;
      if (phase === 'measure') {
        completed++;
        statusCounts[status] = (statusCounts[status] ?? 0) + 1;
        if (status[0] !== '2') non2xx++;
        histogram.record(Number(now - connection.sentAt) || 1);
        const second = Number((now - windowStart) / 1_000_000_000n);
        if (second < perSecond.length) perSecond[second] = (perSecond[second] ?? 0) + 1;
      }
      if (/\r\nconnection:[ \t]*close/i.test(head)) connection.socket?.destroy();
      else send(connection);
    };

    const protocolError = (connection: Connection, message: string) => {
      lastError = message;
      errors.protocol++;
      connection.lossCounted = true;
      connection.socket?.destroy();
    };

    const closed = (connection: Connection, socket: TLSSocket) => {
      if (connection.socket !== socket || connection.closed) return;
      connection.closed = true;
      if (connection.inFlight && !connection.lossCounted) {
        if (phase === 'drain') errors.timeout++;
        else errors.connection++;
      }
      connection.inFlight = false;
      if (phase === 'drain') {
        if (connections.every((each) => each.closed)) finish();
        return;
      }
      if (++reconnects > maxReconnects) return fail(`too many reconnects (${reconnects}); last error: ${lastError || 'connection closed'}`);
      timers.push(setTimeout(() => open(connection), RECONNECT_DELAY_MS));
    };

    const finish = () => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      const windowSeconds = Number(windowEnd - windowStart) / 1e9;
      resolve({
        connections: options.connections,
        warmupSeconds: options.warmupSeconds,
        windowSeconds,
        completed,
        requestsPerSecond: completed / windowSeconds,
        perSecond,
        latencyMs: summarise(histogram, completed),
        statusCounts,
        non2xx,
        errors,
        bytesSent,
        bytesReceived,
        tls: { protocols: [...protocols], ciphers: [...ciphers], verified, handshakes },
      });
    };

    for (let index = 0; index < options.connections; index++) {
      const connection: Connection = { socket: undefined, pending: undefined, sentAt: 0n, inFlight: false, lossCounted: false, closed: false };
      connections.push(connection);
      open(connection);
    }
    timers.push(
      setTimeout(() => {
        phase = 'measure';
        windowStart = process.hrtime.bigint();
        events.onWindowStart?.();
        timers.push(
          setTimeout(() => {
            phase = 'drain';
            windowEnd = process.hrtime.bigint();
            events.onWindowEnd?.();
            for (const connection of connections) if (!connection.inFlight) connection.socket?.destroy();
            timers.push(
              setTimeout(() => {
                for (const connection of connections) connection.socket?.destroy();
              }, timeoutMs),
            );
          }, options.durationSeconds * 1000),
        );
      }, options.warmupSeconds * 1000),
    );
  });
}

function encodeRequest(request: LoadRequest, options: LoadOptions): Buffer {
  const body = Buffer.from(request.body, 'utf8');
  const headers = {
    host: `${options.checkHost}:${options.port}`,
    ...request.headers,
    'content-length': String(body.length),
  };
  const head = `${request.method} ${request.path} HTTP/1.1\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

function summarise(histogram: RecordableHistogram, count: number): LatencySummary {
  const ms = (nanoseconds: number) => Math.round(nanoseconds / 1e3) / 1e3;
  if (count === 0) return { min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0, stddev: 0 };
  return {
    min: ms(histogram.min),
    mean: ms(histogram.mean),
    p50: ms(histogram.percentile(50)),
    p90: ms(histogram.percentile(90)),
    p95: ms(histogram.percentile(95)),
    p99: ms(histogram.percentile(99)),
    p999: ms(histogram.percentile(99.9)),
    max: ms(histogram.max),
    stddev: ms(histogram.stddev),
  };
}
