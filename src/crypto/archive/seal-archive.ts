import { randomBytes } from 'node:crypto';
import { AEAD_NONCE_BYTES, aeadSeal } from '../aead.js';
import { ARCHIVE_SCRYPT_COST, archiveAad, type ArchiveEnvelope } from './archive-envelope.js';
import { deriveArchiveKey } from './derive-archive-key.js';

/** How to protect an archive: a passphrase the recipient knows, or a fresh key returned once. */
export type ArchiveProtection = { readonly passphrase: string } | { readonly freshKey: true };

export interface SealedArchive {
  readonly envelope: ArchiveEnvelope;
  /** The fresh 256-bit key (base64url), only when asked for; it is stored nowhere. */
  readonly key?: string;
}

/**
 * Encrypts `plaintext` with AES-256-GCM under a fresh random 96-bit nonce, binding `context` (and
 * the key derivation) as associated data. The key is derived by scrypt from the passphrase with
 * a random 128-bit salt, or is 256 fresh random bits returned once; either way it is wiped after.
 */
export async function sealArchive(plaintext: Uint8Array, context: readonly string[], protection: ArchiveProtection): Promise<SealedArchive> {
  const salt = randomBytes(16);
  const key = 'passphrase' in protection ? await deriveArchiveKey(protection.passphrase, salt, ARCHIVE_SCRYPT_COST) : randomBytes(32);
  try {
    const kdf: ArchiveEnvelope['kdf'] =
      'passphrase' in protection ? { name: 'scrypt', salt: salt.toString('base64'), ...ARCHIVE_SCRYPT_COST } : { name: 'none' };
    const header: Pick<ArchiveEnvelope, 'format' | 'version' | 'aead' | 'kdf' | 'context'> = {
      format: 'sealdesk-archive',
      version: 1,
      aead: 'AES-256-GCM',
      kdf,
      context: [...context],
    };
    const nonce = randomBytes(AEAD_NONCE_BYTES);
    const { ciphertext, tag } = aeadSeal(key, nonce, plaintext, archiveAad(header));
    const envelope: ArchiveEnvelope = {
      ...header,
      nonce: nonce.toString('base64'),
      ciphertext: ciphertext.toString('base64'),
      tag: tag.toString('base64'),
    };
    return 'passphrase' in protection ? { envelope } : { envelope, key: key.toString('base64url') };
  } finally {
    key.fill(0);
  }
}
