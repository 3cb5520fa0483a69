import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { isLoopbackHost } from '../common/index.js';
import { SealdeskError } from '../errors/index.js';
import { buildServer, type ServerDeps } from './build-server.js';

export interface ListenOptions {
  readonly host: string;
  readonly port: number;
  /** PEM files; required unless `insecureHttp`. */
  readonly tlsCertPath?: string | undefined;
  readonly tlsKeyPath?: string | undefined;
  /** Plain HTTP, allowed only on a loopback address (for a local reverse proxy or tests). */
  readonly insecureHttp?: boolean | undefined;
}

/** Builds the API and listens: HTTPS by default, plain HTTP only when asked and only on loopback. */
export async function startServer(deps: ServerDeps, logger: Logger, options: ListenOptions): Promise<FastifyInstance> {
  let tls: { cert: Buffer; key: Buffer } | undefined;
  if (options.insecureHttp) {
    if (!isLoopbackHost(options.host)) {
      throw new SealdeskError('config_invalid', { userMessage: '--insecure-http is allowed only on a loopback host (127.0.0.1, ::1, localhost).' });
    }
  } else {
    if (!options.tlsCertPath || !options.tlsKeyPath) {
      throw new SealdeskError('config_invalid', { userMessage: 'A TLS certificate and key are required (or --insecure-http on loopback).' });
    }
    tls = await readTlsMaterial(options.tlsCertPath, options.tlsKeyPath);
  }
  const app = buildServer({ deps, logger, tls });
  await app.listen({ host: options.host, port: options.port });
  return app;
}

async function readTlsMaterial(certPath: string, keyPath: string): Promise<{ cert: Buffer; key: Buffer }> {
  try {
    return { cert: await readFile(certPath), key: await readFile(keyPath) };
  } catch {
    throw new SealdeskError('config_invalid', { userMessage: `Cannot read the TLS certificate ${certPath} or key ${keyPath}.` });
  }
}
