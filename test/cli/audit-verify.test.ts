import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealdesk } from '../support/sealdesk-cli.js';
import { startRunningServer, type RunningServer } from '../support/running-server.js';

describe('sealdesk audit verify', () => {
  let directory: string;
  let server: RunningServer;
  let url: string;
  let auditor: string;
  let keyFile: string;
  const file = (name: string) => join(directory, name);

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sealdesk-verify-'));
    server = await startRunningServer(join(directory, 'data'));
    const tenantId = (await server.call('POST', '/v1/tenants', { token: server.operatorKey, body: { name: 'Acme' } })).json.id;
    const owner = (
      await server.call('POST', `/v1/tenants/${tenantId}/members`, { token: server.operatorKey, body: { email: 'o@a.test', name: 'O', role: 'owner' } })
    ).json.apiKey;
    auditor = (await server.call('POST', `/v1/tenants/${tenantId}/members`, { token: owner, body: { email: 'a@a.test', name: 'A', role: 'auditor' } })).json
      .apiKey;
    await server.call('POST', `/v1/tenants/${tenantId}/conversations`, { token: owner, body: { contact: { name: 'C' }, message: { body: 'hi' } } });
    url = `https://localhost:${server.port}/v1/tenants/${tenantId}/audit`;
    keyFile = file('log.key');
    await writeFile(keyFile, (await server.call('GET', `/v1/tenants/${tenantId}/audit/key`, { token: auditor })).text);
  });

  afterAll(async () => {
    await server?.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it('checks a live log, keeps its checkpoint, then proves the log only grew', async () => {
    const first = await sealdesk(['audit', 'verify', '--key', keyFile, '--url', url, '--token', auditor, '--ca', file('data/tls/cert.pem'), '--entries', '0,1', '--full', '--save-checkpoint', file('kept.txt')]);
    expect(first.status, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toContain('The log verifies.');
    expect(first.stdout).toMatch(/ok {3}full_log/);

    const second = await sealdesk(['audit', 'verify', '--key', keyFile, '--checkpoint', file('kept.txt'), '--url', url, '--token', auditor, '--ca', file('data/tls/cert.pem'), '--save-bundle', file('bundle.json')]);
    expect(second.status, second.stdout + second.stderr).toBe(0);
    expect(second.stdout).toMatch(/ok {3}consistency/);
  });

  it('verifies a saved bundle offline and rejects a tampered one', async () => {
    const offline = await sealdesk(['audit', 'verify', '--key', keyFile, '--checkpoint', file('kept.txt'), '--bundle', file('bundle.json'), '--json']);
    expect(offline.status, offline.stderr).toBe(0);
    expect(JSON.parse(offline.stdout).ok).toBe(true);

    const bundle = JSON.parse(await readFile(file('bundle.json'), 'utf8'));
    bundle.checkpoint = bundle.checkpoint.replace(/\n(\d+)\n/, (_: string, size: string) => `\n${Number(size) + 1}\n`);
    await writeFile(file('tampered.json'), JSON.stringify(bundle));
    const tampered = await sealdesk(['audit', 'verify', '--key', keyFile, '--bundle', file('tampered.json')]);
    expect(tampered.status).toBe(3);
    expect(tampered.stdout).toContain('The log does NOT verify.');
  });

  it('refuses plain-HTTP URLs and explains a missing token', async () => {
    const plain = await sealdesk(['audit', 'verify', '--key', keyFile, '--url', 'http://localhost:1/v1/x', '--token', 't']);
    expect(plain.stderr).toMatch(/must be https/);
    const noToken = await sealdesk(['audit', 'verify', '--key', keyFile, '--url', url]);
    expect(noToken.stderr).toMatch(/--token/);
  });

});
