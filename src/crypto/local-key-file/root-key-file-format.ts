import { z } from 'zod';

/** scrypt cost written to new files (RFC 7914): 32 MiB of memory per derivation. */
export const SCRYPT_COST = { N: 2 ** 15, r: 8, p: 1 } as const;

const bytes = (min: number, max = min) =>
  z
    .base64()
    .transform((text) => Buffer.from(text, 'base64'))
    .refine((buffer) => buffer.length >= min && buffer.length <= max, `must decode to ${min}-${max} bytes`);

const common = {
  format: z.literal('sealdesk-root-key'),
  version: z.literal(1),
  keyId: z.string().regex(/^root-[0-9a-f]{16}$/),
};

/**
 * The root key file: JSON, mode 0600. `protection: 'none'` holds the key in base64;
 * `protection: 'scrypt'` holds it AES-256-GCM-encrypted under a key scrypt derives from a
 * passphrase, with the key id as associated data. Opening rejects costs outside sane bounds.
 */
export const RootKeyFileSchema = z.discriminatedUnion('protection', [
  z.strictObject({ ...common, protection: z.literal('none'), key: bytes(32) }),
  z.strictObject({
    ...common,
    protection: z.literal('scrypt'),
    kdf: z.strictObject({
      salt: bytes(16, 64),
      N: z.int().min(2 ** 14).max(2 ** 20).refine((n) => (n & (n - 1)) === 0, 'must be a power of two'),
      r: z.int().min(1).max(32),
      p: z.int().min(1).max(16),
    }),
    nonce: bytes(12),
    ciphertext: bytes(32),
    tag: bytes(16),
  }),
]);

/** The file as written (byte fields in base64). */
export type RootKeyFileJson = z.input<typeof RootKeyFileSchema>;
/** The file as read (byte fields decoded). */
export type RootKeyFile = z.output<typeof RootKeyFileSchema>;
