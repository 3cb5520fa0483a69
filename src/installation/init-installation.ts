import { chmod, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { newId } from '../common/index.js';
import { SealdeskError } from '../errors/index.js';
import { createSelfSignedCertificate } from '../server/tls/index.js';
import { stampDatabaseRegion } from '../store/index.js';
import { bootstrapOperatorOwner, DEFAULT_REGION } from '../tenancy/index.js';
import { dataDirPaths } from './data-dir.js';
import { DEFAULT_ENVIRONMENT, type Environment } from './environment.js';
import { writeMarker } from './installation-marker.js';
import { createInstallationRootKey } from './installation-root-key.js';
import { assemble, type InstallationOptions } from './open-installation.js';

export interface InitResult {
  readonly dataDir: string;
  readonly operatorOwnerId: string;
  /** The operator owner's API key, shown this once and never stored. */
  readonly apiKey: string;
  readonly database: 'sqlite' | 'postgres';
  readonly environment: Environment;
  readonly region: string;
}

/**
 * Creates an installation: the data directory (0700), the root key (the key file, 0600, or a new
 * key on a PKCS#11 token when `SEALDESK_ROOT_KEY_PROVIDER=pkcs11`), the database schema, the
 * operator owner with a one-time key, and a self-signed TLS certificate for localhost.
 * `installation.json` records where the root key is, the environment (`options.environment`,
 * default `production`) and the region (`options.region`, default `default`), which is also
 * stamped in the database. Refuses a directory that already holds an
 * installation or a root key; on failure removes the files it created and destroys a token key
 * it generated.
 */
export async function initInstallation(
  options: InstallationOptions & { readonly ownerEmail: string; readonly ownerName: string },
): Promise<InitResult> {
  const paths = dataDirPaths(options.dataDir);
  const mustBeAbsent = options.databaseUrl ? [paths.marker, paths.rootKey] : [paths.marker, paths.rootKey, paths.sqlite];
  for (const existing of mustBeAbsent) {
    if (await exists(existing)) throw new SealdeskError('already_initialised', { userMessage: `${existing} already exists; refusing to overwrite an installation.` });
  }
  await mkdir(paths.dataDir, { recursive: true, mode: 0o700 });
  await chmod(paths.dataDir, 0o700);
  const created = [paths.rootKey, paths.sqlite, `${paths.sqlite}-wal`, `${paths.sqlite}-shm`, paths.tlsDir];
  let root: Awaited<ReturnType<typeof createInstallationRootKey>> | undefined;
  try {
    root = await createInstallationRootKey(paths, options);
    const installation = await assemble(paths, root.provider, options);
    let result: InitResult;
    try {
      const owner = await bootstrapOperatorOwner(
        { db: installation.store.db, keyRing: installation.keyRing, audit: installation.audit, clock: options.clock },
        { requestId: newId('request'), channel: 'cli' },
        { email: options.ownerEmail, name: options.ownerName },
      );
      result = {
        dataDir: paths.dataDir,
        operatorOwnerId: owner.id,
        apiKey: owner.apiKey,
        database: installation.store.dialect,
        environment: options.environment ?? DEFAULT_ENVIRONMENT,
        region: options.region ?? DEFAULT_REGION,
      };
      await stampDatabaseRegion(installation.store.db, result.region);
    } finally {
      await installation.close();
    }
    const { certPem, keyPem } = await createSelfSignedCertificate(options.clock.now());
    await mkdir(paths.tlsDir, { mode: 0o700 });
    await writeFile(paths.tlsCert, certPem, { mode: 0o644, flag: 'wx' });
    await writeFile(paths.tlsKey, keyPem, { mode: 0o600, flag: 'wx' });
    await writeMarker(paths.marker, {
      format: 'sealdesk-installation',
      version: 1,
      createdAt: options.clock.now().toISOString(),
      database: result.database,
      rootKey: root.record,
      environment: result.environment,
      region: result.region,
    });
    const kept = root;
    root = undefined; // the installation exists now: nothing to discard
    await kept.close();
    return result;
  } catch (error) {
    await root?.discard().catch(() => undefined);
    await Promise.all(created.map((path) => rm(path, { recursive: true, force: true })));
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
