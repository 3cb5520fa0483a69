import { request } from 'node:https';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { systemClock } from '../../src/common/index.js';
import { dataDirPaths, initInstallation, openInstallation, type Installation, type InstallationOptions } from '../../src/installation/index.js';
import { createLogger, startServer } from '../../src/server/index.js';

/** A real installation in `dataDir`, served over HTTPS on a free loopback port, logging to its file. */
export interface RunningServer {
  readonly installation: Installation;
  readonly app: FastifyInstance;
  readonly port: number;
  readonly ca: Buffer;
  readonly operatorKey: string;
  call(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    options?: { token?: string; body?: unknown },
  ): Promise<{ status: number; headers: Record<string, unknown>; text: string; json: any }>;
  stop(): Promise<void>;
}

export async function startRunningServer(dataDir: string, databaseUrl?: string): Promise<RunningServer> {
  const init = await initInstallation({ dataDir, databaseUrl, clock: systemClock, ownerEmail: 'owner@operator.test', ownerName: 'Owner' });
  return serveInstallation(dataDir, databaseUrl, init.apiKey);
}

/**
 * Serves an existing installation (e.g. a restored one); `operatorKey` is whatever key the caller
 * holds for it; `rootKey` the root key settings it opens with (default: none, the key file).
 */
export async function serveInstallation(
  dataDir: string,
  databaseUrl: string | undefined,
  operatorKey: string,
  rootKey: Pick<InstallationOptions, 'rootKey' | 'rootPassphrase'> = {},
): Promise<RunningServer> {
  const installation = await openInstallation({ dataDir, databaseUrl, ...rootKey, clock: systemClock });
  const paths = dataDirPaths(dataDir);
  const logger = createLogger({ level: 'info', file: paths.log });
  const app = await startServer(
    { db: installation.store.db, keyRing: installation.keyRing, audit: installation.audit, clock: systemClock },
    logger,
    { host: '127.0.0.1', port: 0, tlsCertPath: paths.tlsCert, tlsKeyPath: paths.tlsKey },
  );
  const port = (app.server.address() as AddressInfo).port;
  const ca = await readFile(paths.tlsCert);
  return {
    installation,
    app,
    port,
    ca,
    operatorKey,
    call: (method, path, options = {}) =>
      new Promise((resolve, reject) => {
        const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
        const req = request(
          {
            host: 'localhost',
            port,
            method,
            path,
            ca,
            headers: {
              ...(options.token !== undefined && { authorization: `Bearer ${options.token}` }),
              ...(payload !== undefined && { 'content-type': 'application/json' }),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              const isJson = String(res.headers['content-type']).startsWith('application/json');
              resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: isJson ? JSON.parse(text) : undefined });
            });
          },
        );
        req.on('error', reject);
        req.end(payload);
      }),
    async stop() {
      await app.close();
      await installation.close();
      logger.flush();
    },
  };
}
