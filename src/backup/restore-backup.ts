import { randomBytes } from 'node:crypto';
import { chmod, copyFile, constants, mkdir, readdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { OPERATOR_LOG } from '../audit/index.js';
import { newId, type Clock } from '../common/index.js';
import type { Config } from '../config/index.js';
import { decryptBackupChunks, openRootKeyFile, VersionedRootKeyProvider, type RootKeyProvider } from '../crypto/index.js';
import { isSealdeskError, SealdeskError } from '../errors/index.js';
import {
  assertSameEnvironment,
  DEFAULT_ENVIRONMENT,
  dataDirPaths,
  newestRootKeyVersion,
  openInstallation,
  openInstallationRootKey,
  placeRootKeyVersions,
  writeMarker,
  type Environment,
  type InstallationMarker,
  type PlacedRootKeyVersion,
} from '../installation/index.js';
import { createSelfSignedCertificate } from '../server/tls/index.js';
import { discardImportedSnapshot, importSnapshot, type RowCounts, type StoreLocation } from '../store/index.js';
import { assertSameRegion, DEFAULT_REGION } from '../tenancy/index.js';
import { snapshotRecords } from './snapshot-lines.js';
import { verifyBackup } from './verify-backup.js';

export interface RestoreOptions {
  readonly file: string;
  /** The new data directory: must not exist, or be empty. */
  readonly dataDir: string;
  /** The root key file, for a backup of an installation whose root key is the local key file. */
  readonly rootKeyFile?: string | undefined;
  readonly rootPassphrase?: string | undefined;
  /** The PKCS#11 settings (`SEALDESK_PKCS11_*`), for a backup whose root key is on a token. */
  readonly rootKey?: Config['rootKey'] | undefined;
  /** The subject-key vault to place in the new data directory (it is never inside a backup). */
  readonly subjectKeys?: string | undefined;
  /** Restore into this empty PostgreSQL database instead of a SQLite file in the data directory. */
  readonly databaseUrl?: string | undefined;
  /** Require the backup to be signed by this public key (PEM). */
  readonly expectedSigner?: string | undefined;
  /** This process's environment (`Config.environment`); it must be the backed-up installation's. */
  readonly environment?: Environment | undefined;
  /** This node's region (`Config.region`); it must be the backed-up installation's. */
  readonly region?: string | undefined;
  readonly clock: Clock;
}

export interface RestoredBackup {
  readonly dataDir: string;
  readonly backupId: string;
  readonly database: 'sqlite' | 'postgres';
  readonly rows: RowCounts;
}

/**
 * Restores a backup into a new data directory. Order: refuse a non-empty target; verify the file
 * (format, integrity, signature); open the root key provider the backup names (`--root-key` for
 * a key file, the PKCS#11 settings for a token) and unwrap the backup key; in a temporary sibling
 * directory, write the marker, the root key file copy, the subject-key vault, a new localhost TLS
 * certificate, then decrypt and insert every row (`importSnapshot`, one transaction); open the
 * result and record `backup.restored` in its operator log; only then rename it into place. Any
 * failure removes the temporary directory and empties the target database: nothing half-restored.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoredBackup> {
  const target = resolve(options.dataDir);
  const targetExists = await checkTargetEmpty(target);
  const { backup, contents } = await verifyBackup(options.file, options.expectedSigner);
  const marker = contents.installation;
  assertSameEnvironment(`The backup ${options.file}`, marker.environment ?? DEFAULT_ENVIRONMENT, options.environment ?? DEFAULT_ENVIRONMENT);
  assertSameRegion(`The backup ${options.file}`, marker.region ?? DEFAULT_REGION, options.region ?? DEFAULT_REGION);
  const provider = backupRootKeyVersion(marker, backup.header.encryption.rootKeyId).location.provider;
  // A backup whose key a key file wraps restores with the one key file given, as its root.key: that is its root key now.
  const restoredRootKey: InstallationMarker =
    provider === 'file' ? { ...marker, rootKey: { provider: 'file' }, rootKeyVersions: undefined } : tokenVersionsOnly(marker, options.clock.now().toISOString());
  await mkdir(dirname(target), { recursive: true });
  const staging = join(dirname(target), `.${basename(target)}.restoring-${randomBytes(6).toString('hex')}`);
  await mkdir(staging, { mode: 0o700 });
  const paths = dataDirPaths(staging);
  const location: StoreLocation = options.databaseUrl ? { databaseUrl: options.databaseUrl } : { sqlitePath: paths.sqlite };
  let imported = false;
  let root: { provider: RootKeyProvider; close(): Promise<void> } | undefined;
  try {
    if (provider === 'file') {
      if (options.rootKeyFile === undefined) {
        throw new SealdeskError('key_unavailable', { userMessage: `This backup's key is wrapped by the root key file ${backup.header.encryption.rootKeyId}: give --root-key KEYFILE.` });
      }
      root = { provider: await openKeyFile(options.rootKeyFile, options.rootPassphrase), close: async () => {} };
      await copyFile(options.rootKeyFile, paths.rootKey, constants.COPYFILE_EXCL);
      await chmod(paths.rootKey, 0o600);
    } else {
      if (options.rootKeyFile !== undefined) {
        throw new SealdeskError('config_invalid', { userMessage: "This backup's root key is on a PKCS#11 token: set SEALDESK_PKCS11_* instead of --root-key." });
      }
      root = await openInstallationRootKey(paths, restoredRootKey, options);
    }
    if (options.subjectKeys !== undefined) {
      await copyFile(options.subjectKeys, paths.subjectKeys, constants.COPYFILE_EXCL).catch((error: unknown) => {
        throw new SealdeskError('invalid_request', { userMessage: `Cannot copy the subject-key vault ${options.subjectKeys}.`, cause: error });
      });
      await chmod(paths.subjectKeys, 0o600);
    }
    const { certPem, keyPem } = await createSelfSignedCertificate(options.clock.now());
    await mkdir(paths.tlsDir, { mode: 0o700 });
    await writeFile(paths.tlsCert, certPem, { mode: 0o644, flag: 'wx' });
    await writeFile(paths.tlsKey, keyPem, { mode: 0o600, flag: 'wx' });
    const database = options.databaseUrl ? 'postgres' : 'sqlite';
    await writeMarker(paths.marker, { ...restoredRootKey, database });

    const records = snapshotRecords(decryptBackupChunks(backup, root.provider));
    const rows = await importSnapshot(location, { migrations: contents.migrations, records });
    imported = true;
    await recordRestore(staging, options, backup.header.backupId);
    if (targetExists) await rmdir(target);
    await rename(staging, target);
    return { dataDir: target, backupId: backup.header.backupId, database, rows };
  } catch (error) {
    if (imported) await discardImportedSnapshot(location).catch(() => undefined);
    await rm(staging, { recursive: true, force: true });
    throw error;
  } finally {
    await root?.close();
  }
}

/** Opens the restored installation as `serve` would, and records the restore in its operator log. */
async function recordRestore(dataDir: string, options: RestoreOptions, backupId: string): Promise<void> {
  const installation = await openInstallation({
    dataDir,
    databaseUrl: options.databaseUrl,
    rootPassphrase: options.rootPassphrase,
    rootKey: options.rootKey,
    environment: options.environment,
    region: options.region,
    clock: options.clock,
  });
  try {
    await installation.audit.append(OPERATOR_LOG, {
      v: 1,
      time: options.clock.now().toISOString(),
      actor: { id: 'system', kind: 'system', role: 'system:backup', team: null, tenant: null },
      action: 'backup.restored',
      resource: { tenant: null },
      channel: 'cli',
      reason: { rule: 'restore', grant: null, ticket: null },
      outcome: 'allowed',
      requestId: newId('request'),
      details: { backupId },
    });
  } finally {
    await installation.close();
  }
}

/** True if the target is an empty directory, false if it does not exist; refuses anything else. */
async function checkTargetEmpty(target: string): Promise<boolean> {
  let entries: string[];
  try {
    entries = await readdir(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    throw new SealdeskError('already_initialised', { userMessage: `${target} exists and is not an empty directory; restore into a new one.`, cause: error });
  }
  if (entries.length > 0) throw new SealdeskError('already_initialised', { userMessage: `${target} is not empty; restore into a new or empty directory.` });
  return true;
}

/** The version that wrapped the backup's key (the newest when it was made), as the backup's marker places it. */
function backupRootKeyVersion(marker: InstallationMarker, rootKeyId: string): PlacedRootKeyVersion {
  return placeRootKeyVersions(marker).find((version) => version.keyId === rootKeyId) ?? newestRootKeyVersion(marker);
}

/**
 * The marker of a backup whose key is wrapped on a token, with its key file versions (from before
 * a move to the token) retired: restore places no key file, so the restored installation holds
 * only the token's versions. A tenant key still under a key file then (a backup made before the
 * move's re-wrap finished) does not open: `key_unavailable`.
 */
function tokenVersionsOnly(marker: InstallationMarker, retiredAt: string): InstallationMarker {
  const placed = placeRootKeyVersions(marker);
  const versions = marker.rootKeyVersions?.map((version, index) =>
    placed[index]!.location.provider === 'file' && version.retiredAt === undefined ? { ...version, retiredAt } : version,
  );
  return { ...marker, rootKeyVersions: versions };
}

async function openKeyFile(path: string, passphrase: string | undefined): Promise<RootKeyProvider> {
  try {
    return VersionedRootKeyProvider.of(await openRootKeyFile(path, { passphrase }));
  } catch (error) {
    if (isSealdeskError(error) && error.code === 'key_unavailable') {
      throw new SealdeskError('key_unavailable', { userMessage: `Cannot use the root key file: ${error.message}.`, cause: error });
    }
    throw error;
  }
}
