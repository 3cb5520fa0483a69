import { randomBytes } from 'node:crypto';
import { link, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createPkcs11RootKey,
  createRootKeyFile,
  openPkcs11RootKey,
  openRootKeyFile,
  VersionedRootKeyProvider,
  type RootKeyProvider,
  type RootKeyVersions,
} from '../crypto/index.js';
import { SealdeskError } from '../errors/index.js';
import { rootKeyVersionPath, type DataDirPaths } from './data-dir.js';
import { readMarker, type InstallationMarker, type RootKeyRecord, type RootKeyVersionRecord } from './installation-marker.js';
import { pinOf, type RootKeyConfig } from './installation-root-key.js';

/** An opened root key version and how to let go of it. */
interface OpenedVersion {
  readonly provider: RootKeyProvider;
  close(): Promise<void>;
}

/** Where one version of the root key is, and the key id it must have (unknown for an unrotated key file). */
interface VersionLocation {
  readonly where: string;
  readonly keyId: string | undefined;
  readonly retired: boolean;
  open(): Promise<OpenedVersion>;
}

/**
 * Opens every version of the root key `installation.json` lists that is not retired (just the one
 * key before any rotation), as one `VersionedRootKeyProvider`. It reloads the marker when it has
 * changed on disk — before each wrap, and when an unwrap meets a version it does not hold — so a
 * running `serve` takes up a version `keys rotate-root` added. Each version must have the key id
 * recorded for it (`key_unavailable` otherwise). `close()` ends every token session opened.
 */
export async function openRootKeyVersions(
  paths: DataDirPaths,
  marker: InstallationMarker,
  config: RootKeyConfig,
  passphrase: string | undefined,
): Promise<{ provider: VersionedRootKeyProvider; close(): Promise<void> }> {
  const opened = new Map<string, OpenedVersion>();
  const close = async () => {
    const all = [...opened.values()];
    opened.clear();
    await Promise.all(all.map((version) => version.close()));
  };
  const openAll = async (current: InstallationMarker): Promise<RootKeyVersions> => {
    const locations = versionLocations(paths, current, config, passphrase);
    const versions: RootKeyProvider[] = [];
    for (const location of locations.filter((candidate) => !candidate.retired)) {
      let version = opened.get(location.where);
      if (version === undefined) {
        version = await location.open();
        opened.set(location.where, version);
      }
      if (location.keyId !== undefined && version.provider.keyId !== location.keyId) {
        throw new SealdeskError('key_unavailable', {
          userMessage: `${location.where} is ${version.provider.keyId}, not this installation's root key ${location.keyId}.`,
        });
      }
      versions.push(version.provider);
    }
    if (versions.length === 0) throw new SealdeskError('key_unavailable', { userMessage: 'Every root key version in installation.json is retired.' });
    return { baseKeyId: locations[0]?.keyId ?? versions[0]!.keyId, versions };
  };
  try {
    let seen = await markerStamp(paths.marker);
    let state = await openAll(marker);
    const reload = async (): Promise<RootKeyVersions> => {
      const stamp = await markerStamp(paths.marker);
      if (stamp !== seen) {
        state = await openAll(await readMarker(paths.marker));
        seen = stamp;
      }
      return state;
    };
    return { provider: new VersionedRootKeyProvider({ ...state, reload }), close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A new root key version made by the installation's provider, not yet recorded in `installation.json`. */
export interface CreatedRootKeyVersion {
  readonly record: RootKeyVersionRecord;
  readonly provider: RootKeyProvider;
  close(): Promise<void>;
  /** Removes the new key again (its file, or its object on the token): only before it is recorded. */
  discard(): Promise<void>;
}

/**
 * Makes the next root key version where the installation's root key is: a new key file
 * `DATA_DIR/<keyId>.key` (0600, under the same passphrase), or a new AES-256 key generated on the
 * same token as `init` does, labelled `keyLabel` (default: the first key's label with `-N`, N the
 * new version's number; a label in use is `already_initialised`).
 */
export async function createRootKeyVersion(
  paths: DataDirPaths,
  marker: InstallationMarker,
  config: RootKeyConfig,
  options: { readonly passphrase?: string | undefined; readonly keyLabel?: string | undefined; readonly now: Date },
): Promise<CreatedRootKeyVersion> {
  const record: RootKeyRecord = marker.rootKey ?? { provider: 'file' };
  const createdAt = options.now.toISOString();
  if (record.provider === 'file') {
    if (options.keyLabel !== undefined) throw new SealdeskError('config_invalid', { userMessage: '--key-label names a key on a PKCS#11 token; this installation\'s root key is the local key file.' });
    const temporary = join(paths.dataDir, `.root-new-${randomBytes(6).toString('hex')}.key`);
    let path: string | undefined;
    try {
      const provider = await createRootKeyFile(temporary, { passphrase: options.passphrase });
      path = rootKeyVersionPath(paths, provider.keyId);
      await link(temporary, path);
      const created = path;
      return { record: { keyId: provider.keyId, createdAt }, provider, close: async () => {}, discard: () => rm(created, { force: true }) };
    } finally {
      await rm(temporary, { force: true });
    }
  }
  const keyLabel = options.keyLabel ?? `${record.keyLabel}-${(marker.rootKeyVersions?.length ?? 1) + 1}`;
  const provider = await createPkcs11RootKey({ ...pkcs11Place(record, config), keyLabel, pin: pinOf(config) });
  return {
    record: { keyId: provider.keyId, createdAt, keyLabel },
    provider,
    close: () => provider.close(),
    discard: () => provider.discardCreatedKey(),
  };
}

/** The marker's versions, oldest first; an installation never rotated has one, its first key. */
function versionLocations(paths: DataDirPaths, marker: InstallationMarker, config: RootKeyConfig, passphrase: string | undefined): VersionLocation[] {
  const record: RootKeyRecord = marker.rootKey ?? { provider: 'file' };
  const versions: readonly (RootKeyVersionRecord | undefined)[] = marker.rootKeyVersions ?? [undefined];
  return versions.map((version, index) => {
    const keyId = version?.keyId ?? (record.provider === 'pkcs11' ? record.keyId : undefined);
    const retired = version?.retiredAt !== undefined;
    if (record.provider === 'file') {
      const path = index === 0 ? paths.rootKey : rootKeyVersionPath(paths, version!.keyId);
      return { where: `The root key file ${path}`, keyId, retired, open: async () => ({ provider: await openRootKeyFile(path, { passphrase }), close: async () => {} }) };
    }
    const keyLabel = index === 0 ? (config.pkcs11.keyLabel ?? record.keyLabel) : version?.keyLabel;
    if (keyLabel === undefined) throw new SealdeskError('config_invalid', { userMessage: `installation.json gives no key label for root key version ${keyId}.` });
    return {
      where: `Key "${keyLabel}" on the PKCS#11 token`,
      keyId,
      retired,
      open: async () => {
        const provider = await openPkcs11RootKey({ ...pkcs11Place(record, config), keyLabel, pin: pinOf(config) });
        return { provider, close: () => provider.close() };
      },
    };
  });
}

/** The library and token: the environment's settings over the recorded ones. */
function pkcs11Place(record: Extract<RootKeyRecord, { provider: 'pkcs11' }>, config: RootKeyConfig) {
  return { module: config.pkcs11.module ?? record.module, token: config.pkcs11.token ?? record.token };
}

/** Changes whenever `installation.json` is replaced or rewritten. */
async function markerStamp(path: string): Promise<string> {
  const stats = await stat(path).catch(() => undefined);
  return stats === undefined ? 'absent' : `${stats.ino}:${stats.size}:${stats.mtimeMs}`;
}
