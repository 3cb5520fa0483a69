export { BackupFileWriter, type BackupFileOptions } from './write-backup-file.js';
export { checkBackupFile, decryptBackupChunks, publicKeyFingerprint, type CheckedBackup } from './read-backup-file.js';
export type { BackupHeader } from './backup-file-format.js';
