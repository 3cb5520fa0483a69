/** Encrypted, signed backups of an installation's database, their verification and restore. */
export { createBackup, type CreatedBackup } from './create-backup.js';
export { verifyBackup, type VerifiedBackup } from './verify-backup.js';
export type { BackupContents } from './backup-contents.js';
export { restoreBackup, type RestoredBackup, type RestoreOptions } from './restore-backup.js';
export { backupSigningKeyBinding } from './backup-signing-key.js';
