import { checkBackupFile, type CheckedBackup } from '../crypto/index.js';
import { parseBackupContents, type BackupContents } from './backup-contents.js';

export interface VerifiedBackup {
  readonly backup: CheckedBackup;
  readonly contents: BackupContents;
}

/**
 * Checks a backup without decrypting it and without any key provider: format, integrity of every
 * encrypted chunk, the signature, and (with `expectedSigner`, a PEM public key) who signed it.
 * Throws `backup_invalid` saying what failed.
 */
export async function verifyBackup(path: string, expectedSigner?: string): Promise<VerifiedBackup> {
  const backup = await checkBackupFile(path, expectedSigner);
  return { backup, contents: parseBackupContents(backup.header.contents) };
}
