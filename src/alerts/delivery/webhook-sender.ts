import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isLoopbackHost } from '../../common/index.js';
import { delivered, failed, type DeliveryOutcome } from './delivery-outcome.js';
import { failureCode } from './failure-code.js';

/** One signed POST to a webhook destination. */
export interface WebhookRequest {
  readonly url: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** The port the delivery worker sends webhooks through. */
export interface WebhookSender {
  /** Delivered on a 2xx answer; anything else (including a redirect) is a failure. */
  post(request: WebhookRequest): Promise<DeliveryOutcome>;
}

export interface WebhookSenderOptions {
  /** Trust these CA certificates (PEM) instead of the system's; for tests and private CAs. */
  readonly ca?: string | Buffer;
  /** The whole request, connect to end of headers. Default 10 s. */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Sends webhooks with Node's HTTP client: certificates always verified, no redirects followed, a
 * fresh connection per request, the response body discarded. Plain `http:` only to loopback.
 */
export function createWebhookSender(options: WebhookSenderOptions = {}): WebhookSender {
  return {
    post: (webhook) =>
      new Promise((resolve) => {
        const url = new URL(webhook.url);
        const secure = url.protocol === 'https:';
        if (!secure && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
          resolve(failed('insecure_url'));
          return;
        }
        const send = secure ? httpsRequest : httpRequest;
        const request = send(
          url,
          {
            method: 'POST',
            agent: false,
            signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
            headers: { ...webhook.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(webhook.body) },
            ...(secure && options.ca !== undefined && { ca: options.ca }),
          },
          (response) => {
            response.resume();
            const status = response.statusCode ?? 0;
            resolve(status >= 200 && status < 300 ? delivered : failed(`http_${status}`));
          },
        );
        request.on('error', (error) => resolve(failed(failureCode(error, 'network_error'))));
        request.end(webhook.body);
      }),
  };
}
