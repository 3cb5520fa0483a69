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
import { readMarker, type InstallationMarker, type RootKeyLocation, type RootKeyProviderName, type RootKeyVersionRecord } from './installation-marker.js';
import { pinOf, type RootKeyConfig } from './installation-root-key.js';
import { defaultRootKeyLabel, newestRootKeyVersion, placeRootKeyVersions, recordedLocation } from './root-key-locations.js';

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

/** A new root key version, not yet recorded in `installation.json`. */
export interface CreatedRootKeyVersion {
  readonly record: RootKeyVersionRecord;
  readonly provider: RootKeyProvider;
  close(): Promise<void>;
  /** Removes the new key again (its file, or its object on the token): only before it is recorded. */
  discard(): Promise<void>;
}

/**
 * Makes the next root key version with `options.provider` (default: the newest version's
 * provider): a new key file `DATA_DIR/<keyId>.key` (0600, under `passphrase` if one is given), or
 * a new AES-256 key generated on a token as `init` does, labelled `keyLabel`. On the newest
 * version's provider the key goes where that version is (on a token: the same library and token,
 * the environment's settings over the recorded ones; default label: the earliest token version's
 * with `-N`, N the new version's number). On another provider (the root key moves) it goes where
 * the settings say, and every one the new key needs must be given (`config_invalid` naming the
 * variable, before anything is made). A label in use is `already_initialised`.
 */
export async function createRootKeyVersion(
  paths: DataDirPaths,
  marker: InstallationMarker,
  config: RootKeyConfig,
  options: {
    readonly provider?: RootKeyProviderName | undefined;
    readonly passphrase?: string | undefined;
    readonly keyLabel?: string | undefined;
    readonly now: Date;
  },
): Promise<CreatedRootKeyVersion> {
  const newest = newestRootKeyVersion(marker).location;
  const provider = options.provider ?? newest.provider;
  const createdAt = options.now.toISOString();
  if (provider === 'file') {
    if (options.keyLabel !== undefined) throw new SealdeskError('config_invalid', { userMessage: '--key-label names a key on a PKCS#11 token; the new root key version is a key file.' });
    const location = recordedLocation(marker, { provider: 'file' });
    const temporary = join(paths.dataDir, `.root-new-${randomBytes(6).toString('hex')}.key`);
    try {
      const created = await createRootKeyFile(temporary, { passphrase: options.passphrase });
      const path = rootKeyVersionPath(paths, created.keyId);
      await link(temporary, path);
      return {
        record: { keyId: created.keyId, createdAt, ...(location && { location }) },
        provider: created,
        close: async () => {},
        discard: () => rm(path, { force: true }),
      };
    } finally {
      await rm(temporary, { force: true });
    }
  }
  const target = newest.provider === 'pkcs11' ? { place: pkcs11Place(newest, config), keyLabel: options.keyLabel ?? defaultRootKeyLabel(marker), pin: pinOf(config) } : movedToToken(config, options.keyLabel);
  const { place, pin } = target;
  const keyLabel = target.keyLabel ?? missingSetting('SEALDESK_PKCS11_KEY_LABEL (or --key-label)');
  const location = recordedLocation(marker, { provider: 'pkcs11', ...place });
  const created = await createPkcs11RootKey({ ...place, keyLabel, pin });
  return {
    record: { keyId: created.keyId, createdAt, keyLabel, ...(location && { location }) },
    provider: created,
    close: () => created.close(),
    discard: () => created.discardCreatedKey(),
  };
}

/** The settings of a first key on a token, for a root key moving there: all from the environment (`--key-label` over `SEALDESK_PKCS11_KEY_LABEL`). */
function movedToToken(config: RootKeyConfig, keyLabel: string | undefined) {
  const { module, token, pin } = config.pkcs11;
  if (module === undefined) missingSetting('SEALDESK_PKCS11_MODULE');
  if (token === undefined) missingSetting('SEALDESK_PKCS11_TOKEN_LABEL (or SEALDESK_PKCS11_SLOT)');
  if (pin === undefined) missingSetting('SEALDESK_PKCS11_PIN');
  return { place: { module, token }, keyLabel: keyLabel ?? config.pkcs11.keyLabel, pin };
}

function missingSetting(variable: string): never {
  throw new SealdeskError('config_invalid', { userMessage: `The new root key version is on a PKCS#11 token: set ${variable}.` });
}

/** The marker's versions, oldest first, with how to open each; an installation never rotated has one, its first key. */
function versionLocations(paths: DataDirPaths, marker: InstallationMarker, config: RootKeyConfig, passphrase: string | undefined): VersionLocation[] {
  return placeRootKeyVersions(marker).map(({ index, keyId, location, keyLabel: recordedLabel, retired }) => {
    if (location.provider === 'file') {
      const path = index === 0 ? paths.rootKey : rootKeyVersionPath(paths, keyId!);
      return { where: `The root key file ${path}`, keyId, retired, open: async () => ({ provider: await openRootKeyFile(path, { passphrase }), close: async () => {} }) };
    }
    const keyLabel = index === 0 ? (config.pkcs11.keyLabel ?? recordedLabel) : recordedLabel;
    if (keyLabel === undefined) throw new SealdeskError('config_invalid', { userMessage: `installation.json gives no key label for root key version ${keyId}.` });
    return {
      where: `Key "${keyLabel}" on the PKCS#11 token`,
      keyId,
      retired,
      open: async () => {
        const provider = await openPkcs11RootKey({ ...pkcs11Place(location, config), keyLabel, pin: pinOf(config) });
        return { provider, close: () => provider.close() };
      },
    };
  });
}

/** The library and token: the environment's settings over the recorded ones. */
function pkcs11Place(location: Extract<RootKeyLocation, { provider: 'pkcs11' }>, config: RootKeyConfig) {
  return { module: config.pkcs11.module ?? location.module, token: config.pkcs11.token ?? location.token };
}

/** Changes whenever `installation.json` is replaced or rewritten. */
async function markerStamp(path: string): Promise<string> {
  const stats = await stat(path).catch(() => undefined);
  return stats === undefined ? 'absent' : `${stats.ino}:${stats.size}:${stats.mtimeMs}`;
}
