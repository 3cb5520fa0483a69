import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/** One request the server received, body parsed. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
  /** The raw body, for scanning what left Sealdesk. */
  readonly raw: string;
}

export interface ScriptedResponse {
  readonly status?: number;
  readonly body?: unknown;
  /** Sent as is instead of `body` (to test malformed replies). */
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
  /** Wait this long before answering (to test timeouts). */
  readonly delayMs?: number;
}

export interface ModelServer {
  /** `http://127.0.0.1:PORT` or `https://localhost:PORT`. */
  readonly url: string;
  readonly requests: ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * A local HTTP(S) server speaking whatever wire protocol `respond` implements, recording every
 * request: the provider adapters' tests run against it, as they would against Ollama or Anthropic.
 */
export async function startModelServer(
  respond: (request: ReceivedRequest) => ScriptedResponse | Promise<ScriptedResponse>,
  tls?: { readonly cert: string; readonly key: string },
): Promise<ModelServer> {
  const requests: ReceivedRequest[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        body = undefined;
      }
      const received = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, raw };
      requests.push(received);
      const scripted = await respond(received);
      if (scripted.delayMs) await new Promise((r) => setTimeout(r, scripted.delayMs));
      if (res.destroyed) return;
      res.writeHead(scripted.status ?? 200, { 'content-type': 'application/json', ...scripted.headers });
      res.end(scripted.rawBody ?? JSON.stringify(scripted.body ?? {}));
    });
  };
  const server: Server = tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, handler) : createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? 'https://localhost' : 'http://127.0.0.1'}:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An OpenAI chat-completions reply. */
export function chatCompletion(content: string, finishReason = 'stop'): ScriptedResponse {
  return { body: { id: 'chatcmpl-1', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finishReason }] } };
}

/** An Anthropic Messages API reply. */
export function anthropicMessage(text: string, stopReason = 'end_turn'): ScriptedResponse {
  return { body: { id: 'msg_1', type: 'message', role: 'assistant', content: [{ type: 'text', text }], stop_reason: stopReason } };
}
