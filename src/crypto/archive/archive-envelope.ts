import { z } from 'zod';
import { SCRYPT_COST } from '../local-key-file/root-key-file-format.js';
import { lengthPrefixed } from '../length-prefixed.js';

const base64 = z.base64();

/**
 * A sealed archive, as JSON: AES-256-GCM under a key derived by scrypt (RFC 7914) from a
 * passphrase, or under a random 256-bit key handed to the recipient once (`kdf: none`).
 * `context` (e.g. tenant and export ids) is authenticated with the ciphertext, as is `kdf`.
 */
export const archiveEnvelopeSchema = z.strictObject({
  format: z.literal('sealdesk-archive'),
  version: z.literal(1),
  aead: z.literal('AES-256-GCM'),
  kdf: z.discriminatedUnion('name', [
    z.strictObject({
      name: z.literal('scrypt'),
      salt: base64,
      N: z.int().min(2 ** 14).max(2 ** 20).refine((n) => (n & (n - 1)) === 0, 'must be a power of two'),
      r: z.int().min(1).max(32),
      p: z.int().min(1).max(16),
    }),
    z.strictObject({ name: z.literal('none') }),
  ]),
  context: z.array(z.string()).max(16),
  nonce: base64,
  ciphertext: base64,
  tag: base64,
});
export type ArchiveEnvelope = z.infer<typeof archiveEnvelopeSchema>;

/** The cost of new passphrase-derived archive keys: the root key file's (32 MiB per derivation). */
export const ARCHIVE_SCRYPT_COST = SCRYPT_COST;

/** The associated data: everything in the envelope but the nonce, ciphertext and tag. */
export function archiveAad(envelope: Pick<ArchiveEnvelope, 'format' | 'version' | 'aead' | 'kdf' | 'context'>): Buffer {
  const kdf = envelope.kdf.name === 'scrypt' ? [envelope.kdf.salt, String(envelope.kdf.N), String(envelope.kdf.r), String(envelope.kdf.p)] : [];
  return lengthPrefixed([envelope.format, String(envelope.version), envelope.aead, envelope.kdf.name, ...kdf, ...envelope.context]);
}
