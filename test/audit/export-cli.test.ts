import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRunningServer, type RunningServer } from '../support/running-server.js';
import { SyslogReceiver } from './export-syslog-support.js';

const ROOT = resolve(import.meta.dirname, '../..');

function start(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, timeout: 60_000 });
}

/** Runs the CLI without blocking this process, which serves the API and the syslog receiver. */
function sealdesk(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = start(args);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((wait) => setTimeout(wait, 50));
  }
}

const indexesOf = (jsonLines: string) =>
  jsonLines
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line).index as number);

describe('sealdesk audit export', () => {
  let directory: string;
  let server: RunningServer;
  let tenantId: string;
  let owner: string;
  let dataDir: string;
  const file = (name: string) => join(directory, name);

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sealdesk-export-cli-'));
    dataDir = join(directory, 'data');
    server = await startRunningServer(dataDir);
    tenantId = (await server.call('POST', '/v1/tenants', { token: server.operatorKey, body: { name: 'Acme' } })).json.id;
    owner = (
      await server.call('POST', `/v1/tenants/${tenantId}/members`, { token: server.operatorKey, body: { email: 'o@a.test', name: 'O', role: 'owner' } })
    ).json.apiKey;
    await server.call('POST', `/v1/tenants/${tenantId}/conversations`, { token: owner, body: { contact: { name: 'C' }, message: { body: 'canary-55e1' } } });
  });

  afterAll(async () => {
    await server?.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it('appends JSON lines to a file and, run again, sends only what is new', async () => {
    const args = ['audit', 'export', '--data-dir', dataDir, '--tenant', tenantId, '--format', 'jsonl', '--out', file('acme.jsonl'), '--cursor-file', file('acme.cursor'), '--batch-size', '3'];
    const first = await sealdesk(args);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/^exported entries 0–\d+ of ten_\S+; next cursor \d+\n$/);
    const firstIndexes = indexesOf(await readFile(file('acme.jsonl'), 'utf8'));
    expect(firstIndexes).toEqual([...Array(firstIndexes.length).keys()]);
    // The export recorded itself before sending, so its own event is in what it sent.
    const lines = (await readFile(file('acme.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.at(-1).event).toMatchObject({ action: 'audit.read', channel: 'cli', details: { what: 'export', from: 0, destination: 'file' } });
    expect(JSON.parse(await readFile(file('acme.cursor'), 'utf8')).next).toBe(firstIndexes.length);

    await server.call('POST', `/v1/tenants/${tenantId}/members`, { token: owner, body: { email: 'x@a.test', name: 'X', role: 'agent' } });
    const second = await sealdesk(args);
    expect(second.status, second.stderr).toBe(0);
    const all = indexesOf(await readFile(file('acme.jsonl'), 'utf8'));
    expect(all).toEqual([...Array(all.length).keys()]);
    expect(all.length).toBe(firstIndexes.length + 2);
    expect(await readFile(file('acme.jsonl'), 'utf8')).not.toContain('canary-55e1');
  });

  it('writes JSON lines to standard output when no file is given, and exports the operator\'s log', async () => {
    const result = await sealdesk(['audit', 'export', '--data-dir', dataDir, '--operator', '--format', 'jsonl', '--cursor-file', file('operator.cursor')]);
    expect(result.status, result.stderr).toBe(0);
    const indexes = indexesOf(result.stdout);
    expect(indexes.length).toBeGreaterThan(2);
    expect(indexes).toEqual([...Array(indexes.length).keys()]);
    expect(result.stderr).toContain('of operator;');
  });

  it('follows the log to a syslog receiver over TLS until stopped', async () => {
    const tls = { certPem: await readFile(join(dataDir, 'tls/cert.pem'), 'utf8'), keyPem: await readFile(join(dataDir, 'tls/key.pem'), 'utf8') };
    const receiver = new SyslogReceiver({ cert: tls.certPem, key: tls.keyPem });
    const port = await receiver.start();
    try {
      const child = start([
        'audit', 'export', '--data-dir', dataDir, '--tenant', tenantId, '--format', 'syslog', '--syslog', `tls://localhost:${port}`,
        '--ca', join(dataDir, 'tls/cert.pem'), '--cursor-file', file('follow.cursor'), '--follow', '--interval', '0.2', '--hostname', 'desk.example',
      ]);
      let stderr = '';
      child.stderr!.on('data', (chunk) => (stderr += chunk));
      const exited = new Promise<number | null>((done) => child.on('close', done));
      const sizeNow = async () => Number((await server.call('GET', `/v1/tenants/${tenantId}/audit/entries?start=0&end=0`, { token: owner })).json.size);
      const before = await sizeNow();
      await until(() => receiver.received().length >= before - 1, 'the backlog');

      await server.call('POST', `/v1/tenants/${tenantId}/members`, { token: owner, body: { email: 'y@a.test', name: 'Y', role: 'agent' } });
      const after = await sizeNow();
      await until(() => receiver.received().length >= after - 1, 'the new entries');
      child.kill('SIGTERM');
      expect(await exited, stderr).toBe(0);

      const received = receiver.received();
      expect(received).toEqual([...Array(received.length).keys()]);
      expect(receiver.messages.every((message) => message.hostname === 'desk.example' && message.appName === 'sealdesk')).toBe(true);
      expect(JSON.parse(await readFile(file('follow.cursor'), 'utf8')).next).toBe(received.length);
    } finally {
      await receiver.stop();
    }
  });

  it.each([
    ['both --tenant and --operator', ['--tenant', 'ten_x', '--operator', '--format', 'jsonl'], 2, /error: option '--tenant <id>' cannot be used with option '--operator'/],
    ['neither --tenant nor --operator', ['--format', 'jsonl'], 2, /give --tenant <id> or --operator/],
    ['syslog without a receiver', ['--operator', '--format', 'syslog'], 2, /--format syslog needs --syslog/],
    ['an unknown format', ['--operator', '--format', 'csv'], 2, /Allowed choices are jsonl, syslog/],
    ['a receiver that is not tls://', ['--operator', '--format', 'syslog', '--syslog', 'tcp://localhost:514'], 1, /^sealdesk: invalid_request: The syslog receiver must be given as tls:\/\/host:port\.\n$/],
    ['an unknown tenant', ['--tenant', 'ten_00000000000000000000000000', '--format', 'jsonl'], 1, /^sealdesk: not_found: No tenant ten_0+\.\n$/],
    ['an unreachable receiver', ['--operator', '--format', 'syslog', '--syslog', 'tls://127.0.0.1:1'], 1, /^sealdesk: export_unacknowledged: The syslog receiver at 127\.0\.0\.1:1 failed: connect ECONNREFUSED/],
  ])('refuses %s with one line', async (_, flags, status, message) => {
    const result = await sealdesk(['audit', 'export', '--data-dir', dataDir, '--cursor-file', file('errors.cursor'), ...flags]);
    expect(result.status, result.stderr).toBe(status);
    expect(result.stderr).toMatch(message);
  });
});
