import { SealdeskError } from '../../errors/index.js';
import { OutboundFailure, type JsonResponse } from './outbound/post-json.js';

/** Limits of one provider operation, across its attempts. */
export interface CallLimits {
  /** Per attempt. */
  readonly timeoutMs: number;
  /** Retries after the first attempt, for timeouts, network errors, 408, 429 and 5xx. */
  readonly retries: number;
  /** The first retry's delay; each next one doubles, and `retry-after` is honoured up to `maxDelayMs`. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_CALL_LIMITS: CallLimits = { timeoutMs: 20_000, retries: 2, baseDelayMs: 250, maxDelayMs: 4_000 };

/**
 * Runs `attempt` with a per-attempt timeout, retrying what is worth retrying. Anything else (401,
 * 403, 400, a malformed reply) fails at once. Every failure is `provider_unavailable` with a
 * detail naming the provider and the cause — never the prompt or the reply.
 */
export async function callWithRetries<T>(
  provider: string,
  limits: CallLimits,
  outer: AbortSignal,
  attempt: (signal: AbortSignal) => Promise<JsonResponse>,
  read: (response: JsonResponse) => T,
): Promise<T> {
  let lastProblem = '';
  let retryAfterMs: number | undefined;
  for (let n = 0; n <= limits.retries; n += 1) {
    if (n > 0) await delay(Math.min(limits.maxDelayMs, retryAfterMs ?? limits.baseDelayMs * 2 ** (n - 1)), outer);
    retryAfterMs = undefined;
    outer.throwIfAborted();
    const signal = AbortSignal.any([outer, AbortSignal.timeout(limits.timeoutMs)]);
    let response: JsonResponse;
    try {
      response = await attempt(signal);
    } catch (error) {
      if (outer.aborted) throw outer.reason;
      if (!(error instanceof OutboundFailure)) throw error;
      lastProblem = error.reason === 'timeout' ? `no answer within ${limits.timeoutMs} ms` : error.message;
      if (error.reason === 'tls' || error.reason === 'too-large') break;
      continue;
    }
    if (response.status >= 200 && response.status < 300) {
      try {
        return read(response);
      } catch (error) {
        throw new SealdeskError('provider_unavailable', { detail: `${provider}: ${(error as Error).message}` });
      }
    }
    lastProblem = `HTTP ${response.status}${providerErrorType(response.body)}`;
    if (!retriable(response.status)) break;
    retryAfterMs = response.retryAfterMs;
  }
  throw new SealdeskError('provider_unavailable', { detail: `${provider}: ${lastProblem}` });
}

function retriable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** The provider's own error type (`invalid_api_key`, `overloaded_error`), never its message. */
function providerErrorType(body: unknown): string {
  if (typeof body !== 'object' || body === null || !('error' in body)) return '';
  const error = (body as { error: unknown }).error;
  if (typeof error !== 'object' || error === null) return '';
  const type = (error as { type?: unknown; code?: unknown }).type ?? (error as { code?: unknown }).code;
  return typeof type === 'string' && /^[\w.-]{1,64}$/.test(type) ? ` (${type})` : '';
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}
