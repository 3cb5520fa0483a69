import { describe, expect, it } from 'vitest';
import { markerSchema, type InstallationMarker } from './installation-marker.js';
import { defaultRootKeyLabel, liveRootKeyProviders, newestRootKeyVersion, placeRootKeyVersions, recordedLocation } from './root-key-locations.js';

const CREATED = '2026-03-01T09:00:00.000Z';
const FILE_KEY = 'root-0123456789abcdef';
const TOKEN_KEY = 'pkcs11-00112233445566778899aabbccddeeff';
const LATER_TOKEN_KEY = 'pkcs11-ffeeddccbbaa99887766554433221100';
const HSM = { provider: 'pkcs11', module: '/usr/lib/softhsm/libsofthsm2.so', token: { label: 'hsm' } } as const;

const base = { format: 'sealdesk-installation', version: 1, createdAt: CREATED, database: 'sqlite' } as const;
/** A key-file installation moved to a token, the move's re-wrap done, the key file retired. */
const moved: InstallationMarker = {
  ...base,
  rootKey: { provider: 'file' },
  rootKeyVersions: [
    { keyId: FILE_KEY, createdAt: CREATED, retiredAt: '2026-04-01T00:00:00.000Z' },
    { keyId: TOKEN_KEY, createdAt: '2026-03-15T00:00:00.000Z', keyLabel: 'sealdesk-root', location: HSM },
  ],
};
const onToken: InstallationMarker = { ...base, rootKey: { ...HSM, keyLabel: 'first-root', keyId: TOKEN_KEY } };

describe('where each root key version is', () => {
  it('places a marker written before rotations (no rootKey, no versions) as one key file whose id is in the file', () => {
    const old = markerSchema.parse({ ...base });
    expect(placeRootKeyVersions(old)).toEqual([{ index: 0, keyId: undefined, location: { provider: 'file' }, keyLabel: undefined, retired: false }]);
    expect(liveRootKeyProviders(old)).toEqual(new Set(['file']));
  });

  it('places versions without a location on the first key\'s provider, as markers written before moves say', () => {
    const rotated: InstallationMarker = { ...onToken, rootKeyVersions: [{ keyId: TOKEN_KEY, createdAt: CREATED }, { keyId: LATER_TOKEN_KEY, createdAt: CREATED, keyLabel: 'first-root-2' }] };
    expect(placeRootKeyVersions(rotated).map((version) => [version.keyId, version.location, version.keyLabel])).toEqual([
      [TOKEN_KEY, { provider: 'pkcs11', module: HSM.module, token: HSM.token }, 'first-root'],
      [LATER_TOKEN_KEY, { provider: 'pkcs11', module: HSM.module, token: HSM.token }, 'first-root-2'],
    ]);
  });

  it('places a moved version where its location says; the newest is on the token and only the token is live once the key file is retired', () => {
    expect(markerSchema.parse(moved)).toEqual(moved);
    expect(newestRootKeyVersion(moved)).toEqual({ index: 1, keyId: TOKEN_KEY, location: HSM, keyLabel: 'sealdesk-root', retired: false });
    expect(liveRootKeyProviders(moved)).toEqual(new Set(['pkcs11']));
    const unretired: InstallationMarker = { ...moved, rootKeyVersions: moved.rootKeyVersions!.map(({ retiredAt: _retired, ...version }) => version) };
    expect(liveRootKeyProviders(unretired)).toEqual(new Set(['file', 'pkcs11']));
  });

  it.each([
    ['a key file in a key-file installation', { ...base }, { provider: 'file' } as const, undefined],
    ['a token key in a key-file installation', { ...base, rootKey: { provider: 'file' } } as const, HSM, HSM],
    ['a token key in a token installation', onToken, HSM, undefined],
    ['a key file in a token installation', onToken, { provider: 'file' } as const, { provider: 'file' }],
  ])('records the location of %s only when it is not the first key\'s provider', (_case, marker, location, recorded) => {
    expect(recordedLocation(marker, location)).toEqual(recorded);
  });

  it('labels a new token key after the earliest token version, numbered; none before any version is on a token', () => {
    expect(defaultRootKeyLabel(onToken)).toBe('first-root-2');
    expect(defaultRootKeyLabel(moved)).toBe('sealdesk-root-3');
    expect(defaultRootKeyLabel({ ...base })).toBeUndefined();
  });
});
