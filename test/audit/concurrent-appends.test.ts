import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle, type LogBundle } from '../../src/audit/client/index.js';
import { testDatabases, type TestDatabase } from '../support/test-databases.js';

const postgres = (await testDatabases()).find((database) => database.dialect === 'postgres');
const ROOT = resolve(import.meta.dirname, '../..');
const CLI = ['--import', 'tsx', join(ROOT, 'src/cli/main.ts')];

function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

function call(port: number, ca: Buffer, method: string, path: string, token: string, body?: unknown): Promise<{ status: number; text: string }> {
  return new Promise((done, fail) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      { host: 'localhost', port, method, path, ca, headers: { authorization: `Bearer ${token}`, ...(payload && { 'content-type': 'application/json' }) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', fail);
    req.end(payload);
  });
}

describe.runIf(postgres)('two server processes appending to one PostgreSQL tenant log', () => {
  let created: Awaited<ReturnType<TestDatabase['create']>>;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  const servers: { process: ChildProcess; port: number }[] = [];

  beforeAll(async () => {
    created = await postgres!.create();
    dataDir = join(created.dataDir, 'data');
    env = { ...process.env, SEALDESK_DATABASE_URL: (created.location as { databaseUrl: string }).databaseUrl, SEALDESK_LOG_LEVEL: 'warn' };
    const init = spawnSync(process.execPath, [...CLI, 'init', '--data-dir', dataDir, '--json'], { cwd: ROOT, env, encoding: 'utf8' });
    expect(init.status, init.stderr).toBe(0);
    env.OPERATOR_KEY = JSON.parse(init.stdout).apiKey;
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const child = spawn(process.execPath, [...CLI, 'serve', '--data-dir', dataDir, '--port', String(port), '--host', '127.0.0.1'], {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((ready, fail) => {
        child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('Sealdesk is serving') && ready());
        child.on('exit', (code) => fail(new Error(`serve exited ${code}`)));
      });
      servers.push({ process: child, port });
    }
  });

  afterAll(async () => {
    for (const server of servers) server.process.kill('SIGTERM');
    await created?.drop();
  });

  it('produces one gap-free log whose checkpoint and proofs verify', async () => {
    const ca = await readFile(join(dataDir, 'tls', 'cert.pem'));
    const [a, b] = servers.map((server) => server.port) as [number, number];
    const operator = env.OPERATOR_KEY!;
    const tenantId = JSON.parse((await call(a, ca, 'POST', '/v1/tenants', operator, { name: 'Acme' })).text).id;
    const owner = JSON.parse(
      (await call(b, ca, 'POST', `/v1/tenants/${tenantId}/members`, operator, { email: 'o@a.test', name: 'O', role: 'owner' })).text,
    ).apiKey;
    const before = JSON.parse((await call(a, ca, 'GET', `/v1/tenants/${tenantId}/audit/entries`, owner)).text).size;

    const writes = 60;
    const responses = await Promise.all(
      Array.from({ length: writes }, (_, i) =>
        call(i % 2 === 0 ? a : b, ca, 'POST', `/v1/tenants/${tenantId}/conversations`, owner, { contact: { name: `C${i}` }, message: { body: `m${i}` } }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(writes).fill(201));

    const checkpoint = (await call(b, ca, 'GET', `/v1/tenants/${tenantId}/audit/checkpoint`, owner)).text;
    const size = Number(checkpoint.split('\n')[1]);
    const entries = JSON.parse((await call(a, ca, 'GET', `/v1/tenants/${tenantId}/audit/entries?start=0&end=${size}`, owner)).text).entries;
    expect(entries.map((entry: { index: number }) => entry.index)).toEqual(Array.from({ length: size }, (_, i) => i));
    const created = entries.filter((entry: { event: { action: string } }) => entry.event.action === 'conversation.created');
    expect(created.length).toBe(writes);
    expect(size).toBeGreaterThanOrEqual(before + writes);

    const key = (await call(a, ca, 'GET', `/v1/tenants/${tenantId}/audit/key`, owner)).text.trim();
    const bundle: LogBundle = {
      format: 'sealdesk-audit-bundle/v1',
      checkpoint,
      entries: [
        {
          index: 0,
          leafBytes: entries[0].leafBytes,
          inclusionProof: JSON.parse((await call(b, ca, 'GET', `/v1/tenants/${tenantId}/audit/proof/inclusion?index=0&size=${size}`, owner)).text).proof,
        },
      ],
      fullLog: entries.map((entry: { leafBytes: string }) => ({ leafBytes: entry.leafBytes })),
    };
    const report = await verifyBundle(bundle, key);
    expect(report.ok, JSON.stringify(report.checks)).toBe(true);
  });
});
