export { dataDirPaths, type DataDirPaths } from './data-dir.js';
export { initInstallation, type InitResult } from './init-installation.js';
export { openInstallation, type Installation, type InstallationOptions } from './open-installation.js';
export { markerSchema, readMarker, writeMarker, type InstallationMarker, type RootKeyProviderName } from './installation-marker.js';
export { openInstallationRootKey } from './installation-root-key.js';
export { newestRootKeyVersion, placeRootKeyVersions, type PlacedRootKeyVersion } from './root-key-locations.js';
export { retireRootKey, ROOT_KEY_CLI, rotateRootKey, type RootKeyRotation, type RootKeyRotationProgress, type RotateRootKeyOptions } from './rotate-root-key.js';
export { assertSameEnvironment, DEFAULT_ENVIRONMENT, ENVIRONMENTS, type Environment } from './environment.js';
export {
  getRootKeyPolicy,
  readRootKeyRotation,
  readRootKeyStatus,
  setRootKeyPolicy,
  startRootKeyRotation,
  type RootKeyDeps,
  type RootKeyPolicy,
  type RootKeyRotationRecord,
  type RootKeyStatus,
  type StartedRootKeyRotation,
} from './root-key-rotations.js';
export { ROOT_KEY_JOB, ROOT_KEY_POLICY_JOB, runRootKeyRotation, startDueRootKeyRotation, startRootKeyRotations, type RootKeyRunOptions } from './run-root-key-rotations.js';
