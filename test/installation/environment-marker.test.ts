import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/common/index.js';
import { dataDirPaths, initInstallation, openInstallation, type Environment } from '../../src/installation/index.js';

const FILE_ROOT_KEY = { provider: 'file' as const, pkcs11: { module: undefined, token: undefined, pin: undefined, keyLabel: undefined } };

describe('the environment an installation is marked with', () => {
  let directory: string;
  const dirs: Record<Environment, string> = { development: '', production: '' };

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sealdesk-env-'));
    for (const environment of ['development', 'production'] as const) {
      dirs[environment] = join(directory, environment);
      await initInstallation({ dataDir: dirs[environment], environment, rootKey: FILE_ROOT_KEY, clock: systemClock, ownerEmail: 'owner@operator.test', ownerName: 'Owner' });
    }
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('is recorded in installation.json at init', async () => {
    for (const environment of ['development', 'production'] as const) {
      expect(JSON.parse(await readFile(dataDirPaths(dirs[environment]).marker, 'utf8')).environment).toBe(environment);
    }
  });

  it.each([
    ['development', 'development'],
    ['production', 'production'],
  ] as const)('lets a %s process open a %s data directory', async (process, recorded) => {
    const installation = await openInstallation({ dataDir: dirs[recorded], environment: process, rootKey: FILE_ROOT_KEY, clock: systemClock });
    expect(installation.environment).toBe(recorded);
    await installation.close();
  });

  it.each([
    ['development', 'production'],
    ['production', 'development'],
  ] as const)('refuses a %s process a %s data directory with environment_mismatch', async (process, recorded) => {
    await expect(openInstallation({ dataDir: dirs[recorded], environment: process, rootKey: FILE_ROOT_KEY, clock: systemClock })).rejects.toMatchObject({
      code: 'environment_mismatch',
    });
  });

  it('treats a process without a setting, and a marker from before environments, as production', async () => {
    await expect(openInstallation({ dataDir: dirs.development, rootKey: FILE_ROOT_KEY, clock: systemClock })).rejects.toMatchObject({ code: 'environment_mismatch' });
    const legacy = join(directory, 'legacy');
    await initInstallation({ dataDir: legacy, rootKey: FILE_ROOT_KEY, clock: systemClock, ownerEmail: 'owner@operator.test', ownerName: 'Owner' });
    const marker = dataDirPaths(legacy).marker;
    const { environment, ...older } = JSON.parse(await readFile(marker, 'utf8'));
    expect(environment).toBe('production');
    await writeFile(marker, JSON.stringify(older));
    const installation = await openInstallation({ dataDir: legacy, rootKey: FILE_ROOT_KEY, clock: systemClock });
    expect(installation.environment).toBe('production');
    await installation.close();
    await expect(openInstallation({ dataDir: legacy, environment: 'development', rootKey: FILE_ROOT_KEY, clock: systemClock })).rejects.toMatchObject({
      code: 'environment_mismatch',
    });
  });
});
