import type { InstallationMarker, RootKeyLocation, RootKeyProviderName } from './installation-marker.js';

/** One version of the root key, placed on its provider as `installation.json` says. */
export interface PlacedRootKeyVersion {
  /** 0 for the key the installation was made with (`root.key`, or the key `rootKey` names). */
  readonly index: number;
  /** Unknown only for the key file of an installation never rotated: its id is in the file. */
  readonly keyId: string | undefined;
  readonly location: RootKeyLocation;
  /** On a token: the key object's recorded label. */
  readonly keyLabel: string | undefined;
  readonly retired: boolean;
}

/** The provider of the installation's first root key: where a version without a `location` is. */
export function firstRootKeyLocation(marker: InstallationMarker): RootKeyLocation {
  const record = marker.rootKey ?? { provider: 'file' };
  return record.provider === 'file' ? { provider: 'file' } : { provider: 'pkcs11', module: record.module, token: record.token };
}

/** Every version the marker lists, oldest first, each on its provider; one (the first key) for an installation never rotated. */
export function placeRootKeyVersions(marker: InstallationMarker): PlacedRootKeyVersion[] {
  const record = marker.rootKey ?? { provider: 'file' };
  const first = firstRootKeyLocation(marker);
  const firstKey = record.provider === 'pkcs11' ? { keyId: record.keyId, keyLabel: record.keyLabel } : { keyId: undefined, keyLabel: undefined };
  const versions = marker.rootKeyVersions;
  if (versions === undefined) return [{ index: 0, ...firstKey, location: first, retired: false }];
  return versions.map((version, index) => ({
    index,
    keyId: version.keyId,
    location: version.location ?? first,
    keyLabel: index === 0 ? firstKey.keyLabel : version.keyLabel,
    retired: version.retiredAt !== undefined,
  }));
}

/** The version that wraps new keys; its provider makes the next version, unless a rotation moves the root key. */
export function newestRootKeyVersion(marker: InstallationMarker): PlacedRootKeyVersion {
  return placeRootKeyVersions(marker).at(-1)!;
}

/** The providers of the versions an open must reach (those not retired). */
export function liveRootKeyProviders(marker: InstallationMarker): ReadonlySet<RootKeyProviderName> {
  return new Set(placeRootKeyVersions(marker).filter((version) => !version.retired).map((version) => version.location.provider));
}

/** What a new version's record says of where it is: nothing on the first version's provider (as before moves existed), else its location. */
export function recordedLocation(marker: InstallationMarker, location: RootKeyLocation): RootKeyLocation | undefined {
  return location.provider === firstRootKeyLocation(marker).provider ? undefined : location;
}

/**
 * The label a new key on a token gets when none is asked for: the label of the installation's
 * earliest version on a token with `-N`, N the new version's number; undefined when no version
 * is on a token yet (a move to one must name its key).
 */
export function defaultRootKeyLabel(marker: InstallationMarker): string | undefined {
  const versions = placeRootKeyVersions(marker);
  const onToken = versions.find((version) => version.location.provider === 'pkcs11' && version.keyLabel !== undefined);
  return onToken === undefined ? undefined : `${onToken.keyLabel}-${versions.length + 1}`;
}
