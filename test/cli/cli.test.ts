import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = ['--import', 'tsx', join(ROOT, 'src/cli/main.ts')];

function sealdesk(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [...CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, SEALDESK_LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

function get(port: number, path: string, ca: Buffer): Promise<number> {
  return new Promise((resolveStatus, reject) => {
    request({ host: 'localhost', port, path, ca }, (res) => {
      res.resume();
      resolveStatus(res.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

/** Waits for a line on the child's standard output that matches. */
function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolveLine, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`timed out; saw: ${seen}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolveLine(seen);
      }
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}; saw: ${seen}`)));
  });
}

describe('the sealdesk command', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sealdesk-cli-'));
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('initialises a data directory with private files and prints the bootstrap key once', async () => {
    const dataDir = join(directory, 'plain');
    const result = sealdesk(['init', '--data-dir', dataDir, '--json']);
    expect(result.status, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.apiKey).toMatch(/^sd_key_[a-z2-7]{26}\.[A-Za-z0-9_-]{43}$/);
    expect(output.database).toBe('sqlite');
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dataDir, 'root.key'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dataDir, 'tls', 'key.pem'))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(dataDir, 'tls', 'cert.pem'), 'utf8')).toContain('BEGIN CERTIFICATE');
    const database = await readFile(join(dataDir, 'sealdesk.db'));
    expect(database.includes(Buffer.from(output.apiKey.split('.')[1]))).toBe(false);
  });

  it('refuses to initialise over an existing installation', () => {
    const dataDir = join(directory, 'plain');
    const again = sealdesk(['init', '--data-dir', dataDir]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/^sealdesk: already_initialised: /);
    expect(again.stderr).not.toMatch(/\n\s+at /);
  });

  it('wraps the root key with a passphrase and will not open without it', async () => {
    const dataDir = join(directory, 'protected');
    const passphrase = 'correct horse battery staple';
    expect(sealdesk(['init', '--data-dir', dataDir, '--json'], { SEALDESK_ROOT_PASSPHRASE: passphrase }).status).toBe(0);
    const keyFile = await readFile(join(dataDir, 'root.key'), 'utf8');
    expect(JSON.parse(keyFile).protection).toBe('scrypt');
    expect(keyFile).not.toContain(passphrase);
    const port = String(await freePort());
    const withoutPassphrase = sealdesk(['serve', '--data-dir', dataDir, '--port', port]);
    expect(withoutPassphrase.status).toBe(1);
    expect(withoutPassphrase.stderr).toMatch(/^sealdesk: key_unavailable: /);
    const wrongPassphrase = sealdesk(['serve', '--data-dir', dataDir, '--port', port], { SEALDESK_ROOT_PASSPHRASE: 'not the passphrase' });
    expect(wrongPassphrase.stderr).toMatch(/^sealdesk: key_unavailable: /);
  });

  it('explains bad flags and bad configuration without a stack trace', () => {
    const badPort = sealdesk(['serve', '--port', 'eighty']);
    expect(badPort.status).toBe(2);
    expect(badPort.stderr).toContain('must be a port number');
    const notInitialised = sealdesk(['serve', '--data-dir', join(directory, 'nothing-here')]);
    expect(notInitialised.status).toBe(1);
    expect(notInitialised.stderr).toMatch(/^sealdesk: config_invalid: No Sealdesk installation/);
    const badUrl = sealdesk(['init', '--data-dir', join(directory, 'x')], { SEALDESK_DATABASE_URL: 'mysql://nope' });
    expect(badUrl.stderr).toMatch(/^sealdesk: config_invalid: Invalid SEALDESK_DATABASE_URL/);
    const insecure = sealdesk(['serve', '--data-dir', join(directory, 'plain'), '--host', '0.0.0.0', '--insecure-http']);
    expect(insecure.stderr).toMatch(/only on a loopback host/);
  });

  it('start initialises on first run, then serves HTTPS', async () => {
    const dataDir = join(directory, 'started');
    const port = await freePort();
    const child = spawn(process.execPath, [...CLI, 'start', '--data-dir', dataDir, '--port', String(port), '--host', '127.0.0.1'], {
      cwd: ROOT,
      env: { ...process.env, SEALDESK_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const output = await waitForOutput(child, /Sealdesk is serving https:\/\/127\.0\.0\.1:\d+\/v1/);
      expect(output).toMatch(/Bootstrap API key[^\n]*\n\s+sd_key_/);
      const ca = await readFile(join(dataDir, 'tls', 'cert.pem'));
      expect(await get(port, '/v1/health', ca)).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
