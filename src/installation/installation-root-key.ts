import type { Config } from '../config/index.js';
import {
  createPkcs11RootKey,
  createRootKeyFile,
  type RootKeyProvider,
  type VersionedRootKeyProvider,
} from '../crypto/index.js';
import { SealdeskError } from '../errors/index.js';
import type { DataDirPaths } from './data-dir.js';
import type { InstallationMarker, RootKeyProviderName, RootKeyRecord } from './installation-marker.js';
import { liveRootKeyProviders, newestRootKeyVersion } from './root-key-locations.js';
import { openRootKeyVersions } from './root-key-versions.js';

/** The root key settings an installation is given: `SEALDESK_ROOT_KEY_PROVIDER` and `SEALDESK_PKCS11_*`. */
export type RootKeyConfig = Config['rootKey'];

/** An installation's root key provider, what `installation.json` records about its first key, and how to let go of it. */
export interface InstallationRootKey {
  readonly provider: RootKeyProvider;
  readonly record: RootKeyRecord;
  /** Ends the provider's session with the token, if it has one. */
  close(): Promise<void>;
}

export interface RootKeyOptions {
  readonly rootKey?: RootKeyConfig | undefined;
  readonly rootPassphrase?: string | undefined;
}

/**
 * Creates the root key of a new installation where the settings say: `root.key` (the default) or
 * a new key on the PKCS#11 token. `discard()` undoes it if the rest of `init` fails: it removes
 * nothing for the file (init removes its files) and destroys the new key on the token.
 */
export async function createInstallationRootKey(
  paths: DataDirPaths,
  options: RootKeyOptions,
): Promise<InstallationRootKey & { discard(): Promise<void> }> {
  const config = rootKeyConfig(options);
  if (config.provider !== 'pkcs11') {
    const provider = await createRootKeyFile(paths.rootKey, { passphrase: options.rootPassphrase });
    return { provider, record: { provider: 'file' }, close: async () => {}, discard: async () => {} };
  }
  refusePassphrase(options);
  const { module, token, keyLabel } = config.pkcs11;
  const missing = (variable: string) =>
    new SealdeskError('config_invalid', { userMessage: `SEALDESK_ROOT_KEY_PROVIDER is pkcs11: set ${variable}.` });
  if (module === undefined) throw missing('SEALDESK_PKCS11_MODULE');
  if (token === undefined) throw missing('SEALDESK_PKCS11_TOKEN_LABEL (or SEALDESK_PKCS11_SLOT)');
  if (keyLabel === undefined) throw missing('SEALDESK_PKCS11_KEY_LABEL');
  const provider = await createPkcs11RootKey({ module, token, keyLabel, pin: pinOf(config) });
  return {
    provider,
    record: { provider: 'pkcs11', module, token, keyLabel, keyId: provider.keyId },
    close: () => provider.close(),
    discard: () => provider.discardCreatedKey(),
  };
}

/**
 * Opens the root key `installation.json` records, with every version a root key rotation added
 * and did not retire (`openRootKeyVersions`), each from its own provider: the key files, a
 * PKCS#11 token, or both while a move between them is not finished. PKCS#11 settings from the
 * environment override the recorded library path, token and (for the first version) label — a
 * library may sit elsewhere on another machine; the PIN comes from the environment only. Each key
 * found must have the recorded key id. `config_invalid` for `SEALDESK_ROOT_KEY_PROVIDER` naming
 * another provider than the newest version's, and for a passphrase when no key file is held —
 * unless the settings are also for a move of the root key to that provider (`movingTo`).
 */
export async function openInstallationRootKey(
  paths: DataDirPaths,
  marker: InstallationMarker,
  options: RootKeyOptions & { readonly movingTo?: RootKeyProviderName | undefined },
): Promise<InstallationRootKey & { readonly provider: VersionedRootKeyProvider }> {
  const config = rootKeyConfig(options);
  const record: RootKeyRecord = marker.rootKey ?? { provider: 'file' };
  const newest = newestRootKeyVersion(marker).location.provider;
  if (config.provider !== undefined && config.provider !== newest && config.provider !== options.movingTo) {
    const where = newest === 'pkcs11' ? 'on a PKCS#11 token' : 'the local key file';
    throw new SealdeskError('config_invalid', {
      userMessage: `This installation's root key is ${where}, but SEALDESK_ROOT_KEY_PROVIDER is ${config.provider}.`,
    });
  }
  if (!liveRootKeyProviders(marker).has('file') && options.movingTo !== 'file') refusePassphrase(options);
  const versions = await openRootKeyVersions(paths, marker, config, options.rootPassphrase);
  return { provider: versions.provider, record, close: versions.close };
}

/** No settings: the installation's recorded provider (a new one: the local key file). */
const NO_ROOT_KEY_SETTINGS: RootKeyConfig = {
  provider: undefined,
  pkcs11: { module: undefined, token: undefined, pin: undefined, keyLabel: undefined },
};

/** The root key settings given, or none. */
export function rootKeyConfig(options: RootKeyOptions): RootKeyConfig {
  return options.rootKey ?? NO_ROOT_KEY_SETTINGS;
}

/** `SEALDESK_PKCS11_PIN`; its absence is `key_unavailable`. */
export function pinOf(config: RootKeyConfig): string {
  if (config.pkcs11.pin === undefined) {
    throw new SealdeskError('key_unavailable', { userMessage: 'The root key is on a PKCS#11 token: set SEALDESK_PKCS11_PIN.' });
  }
  return config.pkcs11.pin;
}

function refusePassphrase(options: RootKeyOptions): void {
  if (options.rootPassphrase !== undefined) {
    throw new SealdeskError('config_invalid', {
      userMessage: 'SEALDESK_ROOT_PASSPHRASE protects the local key file; unset it when the root key is on a PKCS#11 token.',
    });
  }
}
