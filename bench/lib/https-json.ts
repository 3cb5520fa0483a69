import { request } from 'node:https';

export interface HttpsTarget {
  readonly host: string;
  readonly port: number;
  /** PEM certificate to trust; the chain and the host are verified. */
  readonly ca: string;
}

/** One JSON request over verified HTTPS, for setting up fixtures; at most 10 s. */
export function requestJson(
  target: HttpsTarget,
  method: 'GET' | 'POST',
  path: string,
  options: { readonly apiKey?: string; readonly body?: unknown } = {},
): Promise<{ status: number; body: unknown }> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: target.host,
        port: target.port,
        ca: target.ca,
        method,
        path,
        agent: false,
        timeout: 10_000,
        headers: {
          ...(options.apiKey !== undefined && { authorization: `Bearer ${options.apiKey}` }),
          ...(payload !== undefined && { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: response.statusCode ?? 0, body: text === '' ? undefined : JSON.parse(text) });
          } catch {
            reject(new Error(`${method} ${path}: ${response.statusCode ?? 0} with a body that is not JSON`));
          }
        });
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`${method} ${path}: no answer within 10 s`)));
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

/** Like `requestJson`, but anything other than `expected` is an error naming the status and body. */
export async function expectJson<T>(
  target: HttpsTarget,
  method: 'GET' | 'POST',
  path: string,
  expected: number,
  options: { readonly apiKey?: string; readonly body?: unknown } = {},
): Promise<T> {
  const response = await requestJson(target, method, path, options);
  if (response.status !== expected) {
    throw new Error(`${method} ${path}: expected ${expected}, got ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body as T;
}

/** Polls `path` until it answers 200 or `timeoutMs` passes; `alive` stops the wait early. */
export async function waitUntilServing(target: HttpsTarget, path: string, timeoutMs: number, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (!alive()) throw new Error('the server exited before it served');
    try {
      const response = await requestJson(target, 'GET', path);
      if (response.status === 200) return;
      last = `status ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the server did not serve ${path} within ${timeoutMs} ms (${last})`);
}
