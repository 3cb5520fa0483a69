import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import { checkProviderUrl, type OutboundPolicy } from './outbound-policy.js';

/** A provider's answer: status and parsed JSON body (`undefined` when the body is not JSON). */
export interface JsonResponse {
  readonly status: number;
  readonly body: unknown;
  /** `retry-after` in milliseconds, when the provider sent one. */
  readonly retryAfterMs: number | undefined;
}

/** Why a call produced no HTTP response at all. */
export class OutboundFailure extends Error {
  constructor(
    readonly reason: 'timeout' | 'network' | 'tls' | 'too-large',
    detail: string,
  ) {
    super(detail);
    this.name = 'OutboundFailure';
  }
}

/** Replies larger than this are cut off: a chat completion or an embeddings batch is far smaller. */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/**
 * POSTs JSON to a provider. HTTPS always verifies the certificate against Node's roots plus the
 * operator's extra CA (never `rejectUnauthorized: false`, whatever `NODE_TLS_REJECT_UNAUTHORIZED`
 * says) with TLS 1.2 at least; plain HTTP only to loopback (`checkProviderUrl`). Redirects are
 * not followed. The body is never logged or put in an error.
 */
export function postJson(
  url: URL,
  headers: Readonly<Record<string, string>>,
  body: unknown,
  options: { readonly policy: OutboundPolicy; readonly signal: AbortSignal },
): Promise<JsonResponse> {
  checkProviderUrl(url.href);
  const payload = Buffer.from(JSON.stringify(body));
  const common = {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': String(payload.length), ...headers },
    signal: options.signal,
  };
  return new Promise<JsonResponse>((resolve, reject) => {
    const onResponse = (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) {
          response.destroy();
          reject(new OutboundFailure('too-large', `the response exceeded ${MAX_RESPONSE_BYTES} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      response.on('error', (error) => reject(failure(error, options.signal)));
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        resolve({ status, body: parseJson(Buffer.concat(chunks).toString('utf8')), retryAfterMs: retryAfter(response.headers['retry-after']) });
      });
    };
    const request =
      url.protocol === 'https:'
        ? httpsRequest(url, {
            ...common,
            rejectUnauthorized: true,
            minVersion: 'TLSv1.2',
            ...(options.policy.extraCa !== undefined && { ca: [...rootCertificates, options.policy.extraCa] }),
          }, onResponse)
        : httpRequest(url, common, onResponse);
    request.on('error', (error) => reject(failure(error, options.signal)));
    request.end(payload);
  });
}

function failure(error: Error, signal: AbortSignal): OutboundFailure {
  if (signal.aborted) return new OutboundFailure('timeout', 'the provider did not answer in time');
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) return new OutboundFailure('tls', `TLS verification failed (${code})`);
  return new OutboundFailure('network', `connection failed (${code || error.name})`);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function retryAfter(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
