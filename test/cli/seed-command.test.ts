import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sealdesk } from '../support/sealdesk-cli.js';

const parent = await mkdtemp(join(tmpdir(), 'sealdesk-seed-'));
const development = { ...process.env, SEALDESK_ENVIRONMENT: 'development' };
const production = { ...process.env, SEALDESK_ENVIRONMENT: 'production' };

afterAll(async () => {
  await rm(parent, { recursive: true, force: true });
});

describe('sealdesk seed --synthetic', { timeout: 120_000 }, () => {
  it('refuses in a production process, before creating anything', async () => {
    const dataDir = join(parent, 'prod');
    const result = await sealdesk(['seed', '--synthetic', '--data-dir', dataDir], production);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^sealdesk: environment_mismatch: Synthetic data goes only into a development installation/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('wants --synthetic said out loud, and whole numbers in range', async () => {
    const dataDir = join(parent, 'flags');
    expect(await sealdesk(['seed', '--data-dir', dataDir], development)).toMatchObject({ status: 1, stderr: expect.stringContaining('invalid_request: The seed makes synthetic data only: pass --synthetic.') });
    expect(await sealdesk(['seed', '--synthetic', '--tenants', '0', '--data-dir', dataDir], development)).toMatchObject({ status: 2, stderr: expect.stringContaining('expected a whole number from 1 to 20') });
    expect(existsSync(dataDir)).toBe(false);
  });

  it('initialises a new development data directory, seeds it, and adds more tenants on a second run', async () => {
    const dataDir = join(parent, 'dev');
    const first = await sealdesk(['seed', '--synthetic', '--data-dir', dataDir, '--tenants', '1', '--conversations', '3', '--json'], development);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toContain('Initialised a development Sealdesk installation');
    const report = JSON.parse(first.stdout);
    expect(report.tenants).toHaveLength(1);
    expect(report.tenants[0].members[0]).toMatchObject({ role: 'owner', apiKey: expect.stringMatching(/^sd_key_/) });
    expect(JSON.parse(await readFile(join(dataDir, 'installation.json'), 'utf8'))).toMatchObject({ environment: 'development' });

    const second = await sealdesk(['seed', '--synthetic', '--data-dir', dataDir, '--tenants', '1', '--conversations', '1', '--seed', '2'], development);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stderr).not.toContain('Initialised');
    expect(second.stdout).toMatch(/^Synthetic data \(made up; API keys shown once\):\n\n.+ \(ten_[a-z0-9]+\): 7 articles; conversations: 1 /);
    expect(second.stdout).not.toContain(report.tenants[0].id);

    const refused = await sealdesk(['seed', '--synthetic', '--data-dir', dataDir], production);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('environment_mismatch');
  });
});
