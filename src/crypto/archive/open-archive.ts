import { SealdeskError } from '../../errors/index.js';
import { aeadOpen } from '../aead.js';
import { archiveAad, archiveEnvelopeSchema } from './archive-envelope.js';
import { deriveArchiveKey } from './derive-archive-key.js';

/**
 * Decrypts an archive from `sealArchive` with its passphrase or its key (base64url). Fails
 * closed: a malformed envelope, a wrong secret, or any changed byte of the ciphertext, nonce,
 * tag, context or key derivation throws `decryption_failed` and returns no plaintext.
 */
export async function openArchive(envelope: unknown, secret: { readonly passphrase: string } | { readonly key: string }): Promise<Buffer> {
  const parsed = archiveEnvelopeSchema.safeParse(envelope);
  if (!parsed.success) throw new SealdeskError('decryption_failed', { detail: 'malformed archive envelope' });
  const archive = parsed.data;
  let key: Buffer;
  if ('passphrase' in secret) {
    if (archive.kdf.name !== 'scrypt') throw new SealdeskError('decryption_failed', { detail: 'archive is not passphrase-protected' });
    key = await deriveArchiveKey(secret.passphrase, Buffer.from(archive.kdf.salt, 'base64'), archive.kdf);
  } else {
    key = Buffer.from(secret.key, 'base64url');
  }
  try {
    const bytes = (text: string) => Buffer.from(text, 'base64');
    return aeadOpen(key, bytes(archive.nonce), bytes(archive.ciphertext), bytes(archive.tag), archiveAad(archive));
  } finally {
    key.fill(0);
  }
}
