export { dataDirPaths, type DataDirPaths } from './data-dir.js';
export { initInstallation, type InitResult } from './init-installation.js';
export { openInstallation, type Installation, type InstallationOptions } from './open-installation.js';
export { markerSchema, readMarker, writeMarker, type InstallationMarker } from './installation-marker.js';
export { openInstallationRootKey } from './installation-root-key.js';
export { retireRootKey, rotateRootKey, type RootKeyRotation, type RootKeyRotationProgress, type RotateRootKeyOptions } from './rotate-root-key.js';
export { assertSameEnvironment, DEFAULT_ENVIRONMENT, ENVIRONMENTS, type Environment } from './environment.js';
