import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { systemClock } from '../../src/common/index.js';
import { initInstallation, openInstallation, type Installation } from '../../src/installation/index.js';
import { createDetectorRedactorFactory } from '../../src/privacy/index.js';
import { buildServer } from '../../src/server/index.js';

/**
 * A real installation in a temporary data directory (root key file, SQLite in WAL mode), with its
 * API built as `serve` builds it but driven by Fastify's `inject`: no sockets, no TLS, so what
 * is measured is Sealdesk's own work. `close` removes the directory.
 */
export interface InProcessSealdesk {
  readonly installation: Installation;
  readonly app: FastifyInstance;
  readonly operatorKey: string;
  request<T>(method: 'GET' | 'POST', url: string, apiKey: string, body?: unknown, expected?: number): Promise<T>;
  close(): Promise<void>;
}

export async function openInProcessSealdesk(tmpRoot = tmpdir()): Promise<InProcessSealdesk> {
  const dataDir = mkdtempSync(join(tmpRoot, 'sealdesk-bench-'));
  try {
    const init = await initInstallation({ dataDir, clock: systemClock, environment: 'development', ownerEmail: 'owner@bench.example', ownerName: 'Bench Owner' });
    const installation = await openInstallation({ dataDir, clock: systemClock, environment: 'development' });
    const deps = { db: installation.store.db, keyRing: installation.keyRing, audit: installation.audit, clock: systemClock, redactor: createDetectorRedactorFactory() };
    const app = buildServer({ deps, logger: pino({ level: 'silent' }) });
    return {
      installation,
      app,
      operatorKey: init.apiKey,
      async request<T>(method: 'GET' | 'POST', url: string, apiKey: string, body?: unknown, expected?: number): Promise<T> {
        const response = await app.inject({ method, url, headers: { authorization: `Bearer ${apiKey}` }, ...(body !== undefined && { payload: body as object }) });
        if (expected !== undefined && response.statusCode !== expected) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body.slice(0, 200)}`);
        return response.json() as T;
      },
      async close() {
        await app.close();
        await installation.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** One tenant, its owner, and `conversations` conversations of `messages` messages each (the first included). */
export async function seedTenant(
  sd: InProcessSealdesk,
  name: string,
  conversations: number,
  messages: number,
  bodies: readonly string[],
  concurrency = 4,
): Promise<{ tenantId: string; ownerKey: string; conversationIds: string[] }> {
  const tenant = await sd.request<{ id: string }>('POST', '/v1/tenants', sd.operatorKey, { name }, 201);
  const owner = await sd.request<{ apiKey: string }>('POST', `/v1/tenants/${tenant.id}/members`, sd.operatorKey, { email: `owner@${name.toLowerCase().replaceAll(' ', '-')}.example`, name: 'Owner', role: 'owner' }, 201);
  const conversationIds: string[] = new Array(conversations);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < conversations; index = next++) {
      const created = await sd.request<{ id: string }>('POST', `/v1/tenants/${tenant.id}/conversations`, owner.apiKey, {
        contact: { email: `customer-${index}@bench.example`, name: `Customer ${index}` },
        message: { body: bodies[index % bodies.length] },
      }, 201);
      for (let message = 1; message < messages; message++) {
        await sd.request('POST', `/v1/conversations/${created.id}/messages`, owner.apiKey, { body: bodies[(index + message) % bodies.length] }, 201);
      }
      conversationIds[index] = created.id;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { tenantId: tenant.id, ownerKey: owner.apiKey, conversationIds };
}

/** What a closed-loop client run saw, by kind of request. */
export interface TrafficResult {
  readonly seconds: number;
  readonly byKind: Record<string, { readonly count: number; readonly failed: number; readonly p50Ms: number; readonly p99Ms: number }>;
}

/**
 * `clients` closed-loop clients, each sending the next request `pick(client, n)` gives as soon as
 * the last one answered, until `running()` is false. A status other than `expected` counts as failed.
 */
export async function runTraffic(
  sd: InProcessSealdesk,
  clients: number,
  running: () => boolean,
  pick: (client: number, n: number) => { kind: string; method: 'GET' | 'POST'; url: string; apiKey: string; body?: unknown; expected: number },
): Promise<TrafficResult> {
  const latencies: Record<string, number[]> = {};
  const failed: Record<string, number> = {};
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let n = 0; running(); n++) {
        const request = pick(client, n);
        const sent = performance.now();
        const response = await sd.app.inject({
          method: request.method,
          url: request.url,
          headers: { authorization: `Bearer ${request.apiKey}` },
          ...(request.body !== undefined && { payload: request.body as object }),
        });
        (latencies[request.kind] ??= []).push(performance.now() - sent);
        if (response.statusCode !== request.expected) failed[request.kind] = (failed[request.kind] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const byKind = Object.fromEntries(
    Object.entries(latencies).map(([kind, values]) => {
      const sorted = values.sort((a, b) => a - b);
      const rank = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
      return [kind, { count: sorted.length, failed: failed[kind] ?? 0, p50Ms: round(rank(0.5)), p99Ms: round(rank(0.99)) }];
    }),
  );
  return { seconds: round(seconds), byKind };
}

export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
