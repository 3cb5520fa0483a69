import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AEAD_NONCE_BYTES, AEAD_TAG_BYTES } from '../aead.js';
import { lengthPrefixed } from '../length-prefixed.js';

/**
 * A backup file, byte by byte:
 *
 * ```
 * "sealdesk-backup\n" (16) | format version 1 (1) | u32 header length | header (JSON)
 * frame*: u32 length (> 0) | AES-256-GCM ciphertext of one chunk | tag (16)
 * u32 0 (end of frames) | u32 trailer length | trailer (JSON) | end of file
 * ```
 *
 * The header says everything needed to check the file without decrypting it; the trailer carries
 * the frame count, the SHA-256 over all frame bytes and the Ed25519 signature over both and the
 * header. Integers are big-endian.
 */
export const BACKUP_MAGIC = Buffer.from('sealdesk-backup\n', 'ascii');
export const BACKUP_FORMAT_VERSION = 1;
/** Magic, version byte and header length. */
export const BACKUP_PREFIX_BYTES = BACKUP_MAGIC.length + 1 + 4;
/** Plaintext bytes per chunk (the last may be shorter, or empty). */
export const BACKUP_CHUNK_BYTES = 1 << 20;
export const MAX_HEADER_BYTES = 1 << 20;
export const MAX_TRAILER_BYTES = 4096;

/** Base64 in its one canonical spelling: lenient decoders ignore a padding character's spare bits, which a flipped bit must not hide in. */
const base64 = z.base64().refine((text) => Buffer.from(text, 'base64').toString('base64') === text, 'must be canonical base64');

export const backupHeaderSchema = z.strictObject({
  format: z.literal('sealdesk-backup'),
  version: z.literal(1),
  backupId: z.string().regex(/^bkp_[A-Za-z0-9_-]{8,64}$/),
  createdAt: z.iso.datetime(),
  encryption: z.strictObject({
    aead: z.literal('AES-256-GCM'),
    chunkBytes: z.int().min(1024).max(1 << 24),
    /** The root key that wrapped the backup key; restoring needs its provider. */
    rootKeyId: z.string().min(1).max(300),
    /** The backup key, wrapped by the root key provider for scope `backup:<backupId>`, version 1. */
    wrappedKey: base64,
  }),
  signing: z.strictObject({
    algorithm: z.literal('Ed25519'),
    /** SPKI, PEM. */
    publicKey: z.string().startsWith('-----BEGIN PUBLIC KEY-----'),
  }),
  /** What the backup holds, described in the clear (non-secret): set by the backup layer. */
  contents: z.record(z.string(), z.unknown()),
});
export type BackupHeader = z.infer<typeof backupHeaderSchema>;

export const backupTrailerSchema = z.strictObject({
  chunks: z.int().min(1),
  /** SHA-256 (hex) over every frame's bytes, length prefixes included, in order. */
  digest: z.string().regex(/^[0-9a-f]{64}$/),
  signature: base64,
});
export type BackupTrailer = z.infer<typeof backupTrailerSchema>;

/** The root wrap context of a backup's key: bound to this backup alone. */
export function backupWrapContext(backupId: string) {
  return { scope: `backup:${backupId}`, version: 1 };
}

/** SHA-256 (hex) of the prefix and header bytes exactly as in the file. */
export function headerDigest(prefixAndHeader: Uint8Array): string {
  return createHash('sha256').update(prefixAndHeader).digest('hex');
}

/** What the Ed25519 signature covers: the header, the number of frames and their digest. */
export function signedStatement(headerHash: string, chunks: number, digest: string): Buffer {
  return lengthPrefixed(['sealdesk-backup/signature/v1', headerHash, String(chunks), digest]);
}

/** Chunk `index`'s nonce: 4 zero bytes and the index (u64). Unique because every backup has a fresh key. */
export function chunkNonce(index: number): Buffer {
  const nonce = Buffer.alloc(AEAD_NONCE_BYTES);
  nonce.writeBigUInt64BE(BigInt(index), 4);
  return nonce;
}

/**
 * A chunk's associated data binds it to its header, its position and whether it is the last
 * (as in the STREAM construction), so chunks cannot be reordered, moved to another backup, or
 * dropped from the end.
 */
export function chunkAad(headerHash: string, index: number, last: boolean): Buffer {
  return lengthPrefixed(['sealdesk-backup/chunk/v1', headerHash, String(index), last ? 'last' : 'more']);
}

export const MIN_FRAME_BYTES = AEAD_TAG_BYTES;
