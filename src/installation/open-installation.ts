import { createKeyLayerGuard } from '../access/index.js';
import { MerkleAuditLog, type VerifiableAuditLog } from '../audit/index.js';
import type { Clock } from '../common/index.js';
import { KeyRing, VersionedRootKeyProvider, type RootKeyProvider } from '../crypto/index.js';
import { CustomerKeyWrappers, finishTenantKeyDestructions } from '../keys/index.js';
import { findTenantOutsideRegion, openStore, readDatabaseRegion, SqlTenantKeyStateStore, SqlWrappedKeyStore, SqliteSubjectKeyVault, type Store } from '../store/index.js';
import { assertSameRegion, DEFAULT_REGION } from '../tenancy/index.js';
import { dataDirPaths, type DataDirPaths } from './data-dir.js';
import { assertSameEnvironment, DEFAULT_ENVIRONMENT, type Environment } from './environment.js';
import { readMarker, type RootKeyProviderName } from './installation-marker.js';
import { openInstallationRootKey, type RootKeyConfig } from './installation-root-key.js';

export interface InstallationOptions {
  readonly dataDir: string;
  /** PostgreSQL instead of the embedded SQLite file. */
  readonly databaseUrl?: string | undefined;
  readonly rootPassphrase?: string | undefined;
  /** Where the root key is (`Config.rootKey`); when absent, where the installation recorded it (new: the local key file). */
  readonly rootKey?: RootKeyConfig | undefined;
  /** What this process is (`Config.environment`); default `production`. Recorded at init, checked at every open. */
  readonly environment?: Environment | undefined;
  /** The region this node serves (`Config.region`); default `default`. Recorded at init, checked at every open. */
  readonly region?: string | undefined;
  /**
   * Set by `keys rotate-root --to-provider`: the root key settings given are also for a new version
   * on this provider, so `SEALDESK_ROOT_KEY_PROVIDER` may name it, and a passphrase is taken for a
   * key file before the installation holds one.
   */
  readonly movingRootKeyTo?: RootKeyProviderName | undefined;
  /** `Config.customerKeyModules`: the PKCS#11 libraries tenants' own keys may be reached through; none by default. */
  readonly customerKeyModules?: readonly string[] | undefined;
  readonly clock: Clock;
}

/** A running installation's parts: the database, the key ring and the audit log. */
export interface Installation {
  readonly paths: DataDirPaths;
  readonly store: Store;
  /** The root key provider, with its versions: wraps tenant keys and backup keys; it never gives out the root key. */
  readonly root: VersionedRootKeyProvider;
  readonly keyRing: KeyRing;
  /** Which tenant keys are wrapped by a tenant's own key on its token (customer-managed keys). */
  readonly customerKeys: CustomerKeyWrappers;
  readonly audit: VerifiableAuditLog;
  readonly clock: Clock;
  /** Recorded in the marker; the process that opened it is of the same environment. */
  readonly environment: Environment;
  /** The region whose data it holds: the marker's, the database's and every tenant's. */
  readonly region: string;
  close(): Promise<void>;
}

/**
 * Opens an initialised data directory: reads its marker, refuses one of another environment
 * (`environment_mismatch`) or region (`region_mismatch`) before touching its key or database,
 * unlocks the root key where the marker says it is (the key file, or a PKCS#11 token), opens the
 * database and refuses it too if it serves another region or holds a tenant of another region.
 * `close()` also ends the token session.
 */
export async function openInstallation(options: InstallationOptions): Promise<Installation> {
  const paths = dataDirPaths(options.dataDir);
  const marker = await readMarker(paths.marker);
  assertSameEnvironment(paths.dataDir, marker.environment ?? DEFAULT_ENVIRONMENT, options.environment ?? DEFAULT_ENVIRONMENT);
  const region = options.region ?? DEFAULT_REGION;
  assertSameRegion(paths.dataDir, marker.region ?? DEFAULT_REGION, region);
  const root = await openInstallationRootKey(paths, marker, { ...options, movingTo: options.movingRootKeyTo });
  try {
    const installation = await assemble(paths, root.provider, options);
    try {
      await assertDatabaseInRegion(installation.store.db, region);
      // A destruction approved just before a crash may have left key material behind.
      await finishTenantKeyDestructions({ db: installation.store.db, keyRing: installation.keyRing, customerKeys: installation.customerKeys });
    } catch (error) {
      await installation.close();
      throw error;
    }
    return {
      ...installation,
      async close() {
        try {
          await installation.close();
        } finally {
          await root.close();
        }
      },
    };
  } catch (error) {
    await root.close();
    throw error;
  }
}

/** Wires store, key ring and audit log around a root key provider (one never rotated, or its versions). */
export async function assemble(paths: DataDirPaths, rootKey: RootKeyProvider, options: InstallationOptions): Promise<Installation> {
  const root = VersionedRootKeyProvider.of(rootKey);
  const store = await openStore(options.databaseUrl ? { databaseUrl: options.databaseUrl } : { sqlitePath: paths.sqlite });
  // The key layer's guard records unwraps in the audit log, which is itself built on the key ring.
  let audit: MerkleAuditLog | undefined;
  const guard = createKeyLayerGuard({
    db: store.db,
    clock: options.clock,
    audit: () => {
      if (!audit) throw new Error('the key ring was used before the audit log was built');
      return audit;
    },
  });
  const subjectKeys = new SqliteSubjectKeyVault(paths.subjectKeys);
  const keyStates = new SqlTenantKeyStateStore(store.db);
  // Customer-managed keys' PINs are sealed under the installation's scope of the key ring they serve.
  let keyRing: KeyRing | undefined;
  const customerKeys = new CustomerKeyWrappers({
    db: store.db,
    root,
    clock: options.clock,
    allowedModules: options.customerKeyModules ?? [],
    keyRing: () => {
      if (!keyRing) throw new Error('a customer-managed key was opened before the key ring was built');
      return keyRing;
    },
  });
  keyRing = new KeyRing({ root, store: new SqlWrappedKeyStore(store.db, store.dialect), clock: options.clock, guard, subjectKeys, keyStates, wrappers: customerKeys });
  audit = new MerkleAuditLog({ db: store.db, dialect: store.dialect, keyRing, clock: options.clock });
  return {
    paths,
    store,
    root,
    keyRing,
    customerKeys,
    audit,
    clock: options.clock,
    environment: options.environment ?? DEFAULT_ENVIRONMENT,
    region: options.region ?? DEFAULT_REGION,
    async close() {
      await customerKeys.close();
      subjectKeys.close();
      await store.close();
    },
  };
}

/** Refuses a database stamped for another region, or holding a tenant of another region. */
async function assertDatabaseInRegion(db: Store['db'], region: string): Promise<void> {
  assertSameRegion('The database', (await readDatabaseRegion(db)) ?? DEFAULT_REGION, region);
  const stray = await findTenantOutsideRegion(db, region);
  if (stray) assertSameRegion(`Tenant ${stray.id} in the database`, stray.region, region);
}
