/**
 * Sealdesk's crypto: the key hierarchy (root key → tenant keys → data keys), the sealed-value
 * envelope, keyed blind indexes and MACs. The rest of the app encrypts only through `KeyRing`.
 */
export type { Binding } from './binding.js';
export { KeyRing, KEY_STATE_CACHE_MS, type KeyRingOptions, type KeyVersions, type RewrapBatch, type RotationLevel } from './key-ring.js';
export type { KeyCacheStats } from './key-cache.js';
export { TENANT_KEY_STATES, type TenantKeyState, type TenantKeyStateName, type TenantKeyStateStore } from './tenant-key-state.js';
export type { TenantKeyWrappers } from './tenant-key-wrappers.js';
export { AUDIT_SIGNING_PURPOSE, systemJustification, type UnwrapGuard, type UnwrapJustification } from './unwrap-justification.js';
export { normaliseEmail } from './normalise-email.js';
export type { RootKeyProvider, WrapContext } from './root-key-provider.js';
export { FakeRootKeyProvider } from './fake-root-key-provider.js';
export { VersionedRootKeyProvider, type RootKeyVersions, type VersionedRootKeyOptions } from './root-key-versions/versioned-root-key-provider.js';
export type { LocalKeyFileProvider } from './local-key-file/local-key-file-provider.js';
export { createRootKeyFile } from './local-key-file/create-root-key-file.js';
export { openRootKeyFile } from './local-key-file/open-root-key-file.js';
export type { Pkcs11RootKeyProvider } from './pkcs11/pkcs11-root-key-provider.js';
export type { Pkcs11Settings } from './pkcs11/pkcs11-settings.js';
export { createPkcs11RootKey } from './pkcs11/create-pkcs11-root-key.js';
export { openPkcs11RootKey } from './pkcs11/open-pkcs11-root-key.js';
export type { KeyCursor, KeyKind, KeyOrigin, SubjectKeyVault, WrappedKeyRecord, WrappedKeyStore } from './wrapped-key-store.js';
export { MemoryWrappedKeyStore } from './memory-wrapped-key-store.js';
export { MemoryTenantKeyStateStore } from './memory-tenant-key-state-store.js';
export { sealArchive, type ArchiveProtection, type SealedArchive } from './archive/seal-archive.js';
export { openArchive } from './archive/open-archive.js';
export type { ArchiveEnvelope } from './archive/archive-envelope.js';
export { BackupFileWriter, checkBackupFile, decryptBackupChunks, publicKeyFingerprint, type BackupFileOptions, type BackupHeader, type CheckedBackup } from './backup-file/index.js';
export { IMPORTED_KEY_BYTES, KEY_IMPORT_ALGORITHM, KEY_IMPORT_MODULUS_BITS, keyImportKeyBinding, keyImportLabel, generateKeyImportPair, wrapForImport, unwrapImportedKey, type KeyImportPair } from './key-import/index.js';
