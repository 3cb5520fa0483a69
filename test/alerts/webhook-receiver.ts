import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/** A request the receiver got. */
export interface ReceivedWebhook {
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** A local webhook endpoint that records requests and answers with the status tests choose. */
export interface WebhookReceiver {
  readonly port: number;
  readonly received: ReceivedWebhook[];
  /** The status for the next requests; 204 by default. */
  status: number;
  /** Resolves with the next request received. */
  next(): Promise<ReceivedWebhook>;
  close(): Promise<void>;
}

/** HTTPS on localhost with the given certificate, or plain HTTP on 127.0.0.1 without one. */
export async function startWebhookReceiver(tls?: { certPem: string; keyPem: string }): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const waiting: ((request: ReceivedWebhook) => void)[] = [];
  const handler = (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = { path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(entry);
      waiting.splice(0).forEach((resolve) => resolve(entry));
      response.writeHead(receiver.status).end();
    });
  };
  const server: Server = tls ? createHttpsServer({ cert: tls.certPem, key: tls.keyPem }, handler) : createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const receiver: WebhookReceiver = {
    port: (server.address() as AddressInfo).port,
    received,
    status: 204,
    next: () => new Promise((resolve) => waiting.push(resolve)),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return receiver;
}
