/**
 * Online key rotation: new tenant and content key versions at once, then a resumable background
 * job re-wraps data keys and re-encrypts every sealed value under the new versions, with its
 * progress in the database. See docs/keys.md, "Rotation".
 */
export { ROTATION_LEVELS, type KeyRotation, type KeyRotationDeps, type RotationPhase, type RotationStatus } from './key-rotation.js';
export { startKeyRotation, type StartedRotation } from './start-key-rotation.js';
export { startTenantKeyReplacement, type TenantKeyReplacement } from './start-tenant-key-replacement.js';
export { runKeyRotation, ROTATION_JOB, type RunOptions } from './run-key-rotation.js';
export { readKeyStatus, type KeyStatus } from './key-status.js';
export { readKeyRotation } from './read-key-rotation.js';
export { SEALED_COLUMNS, type SealedColumn } from './sealed-columns.js';
export { startKeyRotations } from './start-key-rotations.js';
export { ROTATION_DAYS, isRotationDue, isRotationPeriod, rotationDueAt, type KeyRotationPolicy } from './rotation-policy.js';
export { getKeyRotationPolicy, setKeyRotationPolicy } from './manage-rotation-policy.js';
export { startDueRotations, ROTATION_POLICY_JOB } from './start-due-rotations.js';
