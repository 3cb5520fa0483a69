import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { SealdeskError } from '../../errors/index.js';
import { AEAD_TAG_BYTES, aeadOpen } from '../aead.js';
import type { RootKeyProvider } from '../root-key-provider.js';
import {
  BACKUP_FORMAT_VERSION,
  BACKUP_MAGIC,
  BACKUP_PREFIX_BYTES,
  backupHeaderSchema,
  backupTrailerSchema,
  backupWrapContext,
  chunkAad,
  chunkNonce,
  headerDigest,
  MAX_HEADER_BYTES,
  MAX_TRAILER_BYTES,
  MIN_FRAME_BYTES,
  signedStatement,
  type BackupHeader,
} from './backup-file-format.js';

/** A backup whose format, digest and signature checked out; nothing was decrypted. */
export interface CheckedBackup {
  readonly path: string;
  readonly header: BackupHeader;
  readonly chunks: number;
  readonly bytes: number;
  /** `SHA256:` and the hex SHA-256 of the signer's SPKI public key. */
  readonly signer: string;
  /** @internal Where each frame's sealed bytes are. */
  readonly frames: readonly { readonly offset: number; readonly length: number }[];
  /** @internal */
  readonly headerHash: string;
}

/**
 * Checks a backup file without any key provider and without decrypting: the magic and format,
 * the header, every frame's framing, the SHA-256 over all frames against the trailer, the
 * Ed25519 signature over header, frame count and digest, and no byte past the trailer. With
 * `expectedSigner` (a PEM public key) the signer must also be that key. Any failure, a single
 * flipped bit or a truncation included, throws `backup_invalid` with what failed.
 */
export async function checkBackupFile(path: string, expectedSigner?: string): Promise<CheckedBackup> {
  const file = await open(path, 'r').catch((error: unknown) => {
    throw new SealdeskError('invalid_request', { userMessage: `Cannot read the backup file ${path}.`, cause: error });
  });
  try {
    const { size } = await file.stat();
    const prefix = await readExactly(file, 0, BACKUP_PREFIX_BYTES, size, 'its start');
    if (!prefix.subarray(0, BACKUP_MAGIC.length).equals(BACKUP_MAGIC)) throw invalid('it is not a Sealdesk backup file');
    if (prefix.readUInt8(BACKUP_MAGIC.length) !== BACKUP_FORMAT_VERSION) throw invalid(`format version ${prefix.readUInt8(BACKUP_MAGIC.length)} is not supported`);
    const headerLength = prefix.readUInt32BE(BACKUP_MAGIC.length + 1);
    if (headerLength > MAX_HEADER_BYTES) throw invalid('its header length is implausible');
    const headerBytes = await readExactly(file, BACKUP_PREFIX_BYTES, headerLength, size, 'its header');
    const header = parseJson(headerBytes, backupHeaderSchema, 'header');
    const headerHash = headerDigest(Buffer.concat([prefix, headerBytes]));
    const publicKey = ed25519PublicKey(header.signing.publicKey);

    const digest = createHash('sha256');
    const frames: { offset: number; length: number }[] = [];
    let offset = BACKUP_PREFIX_BYTES + headerLength;
    for (;;) {
      const lengthBytes = await readExactly(file, offset, 4, size, `the length of frame ${frames.length}`);
      const length = lengthBytes.readUInt32BE(0);
      offset += 4;
      if (length === 0) break;
      if (length < MIN_FRAME_BYTES || length > header.encryption.chunkBytes + AEAD_TAG_BYTES) throw invalid(`frame ${frames.length} has an impossible length`);
      const frame = await readExactly(file, offset, length, size, `frame ${frames.length}`);
      digest.update(lengthBytes).update(frame);
      frames.push({ offset, length });
      offset += length;
    }
    const trailerLengthBytes = await readExactly(file, offset, 4, size, 'its trailer');
    const trailerLength = trailerLengthBytes.readUInt32BE(0);
    if (trailerLength > MAX_TRAILER_BYTES) throw invalid('its trailer length is implausible');
    const trailer = parseJson(await readExactly(file, offset + 4, trailerLength, size, 'its trailer'), backupTrailerSchema, 'trailer');
    if (offset + 4 + trailerLength !== size) throw invalid('bytes follow its trailer');
    if (trailer.chunks !== frames.length) throw invalid(`it has ${frames.length} chunks but its trailer says ${trailer.chunks}`);
    const actualDigest = digest.digest('hex');
    if (actualDigest !== trailer.digest) throw invalid('its encrypted content does not match the digest in its trailer (the file was altered)');
    const statement = signedStatement(headerHash, trailer.chunks, trailer.digest);
    if (!verify(null, statement, publicKey, Buffer.from(trailer.signature, 'base64'))) {
      throw invalid('its signature does not verify (the header or trailer was altered)');
    }
    const signer = fingerprint(publicKey);
    if (expectedSigner !== undefined) {
      const expected = fingerprint(ed25519PublicKey(expectedSigner));
      if (expected !== signer) throw invalid(`it is signed by ${signer}, not by the expected key ${expected}`);
    }
    return { path, header, chunks: frames.length, bytes: size, signer, frames, headerHash };
  } finally {
    await file.close();
  }
}

/**
 * Decrypts a checked backup chunk by chunk. The backup key is unwrapped by `root`, which must
 * hold the root key the header names (else `key_unavailable`); a chunk that does not
 * authenticate throws `decryption_failed`. Each yielded chunk has been authenticated.
 */
export async function* decryptBackupChunks(backup: CheckedBackup, root: RootKeyProvider): AsyncGenerator<Buffer> {
  const { header } = backup;
  if (root.keyId !== header.encryption.rootKeyId) {
    throw new SealdeskError('key_unavailable', {
      userMessage: `This backup's key is wrapped by root key ${header.encryption.rootKeyId}; the key given is ${root.keyId}.`,
    });
  }
  const key = await root.unwrap(Buffer.from(header.encryption.wrappedKey, 'base64'), backupWrapContext(header.backupId)).catch((error: unknown) => {
    throw new SealdeskError('key_unavailable', { userMessage: 'The root key provider could not unwrap this backup\'s key.', cause: error });
  });
  const file = await open(backup.path, 'r');
  try {
    for (const [index, frame] of backup.frames.entries()) {
      const sealed = await readExactly(file, frame.offset, frame.length, Number.MAX_SAFE_INTEGER, `frame ${index}`);
      const last = index === backup.frames.length - 1;
      const ciphertext = sealed.subarray(0, sealed.length - AEAD_TAG_BYTES);
      const tag = sealed.subarray(sealed.length - AEAD_TAG_BYTES);
      try {
        yield aeadOpen(key, chunkNonce(index), ciphertext, tag, chunkAad(backup.headerHash, index, last));
      } catch (error) {
        if (error instanceof SealdeskError && error.code === 'decryption_failed') {
          throw new SealdeskError('decryption_failed', { userMessage: `Chunk ${index} of the backup failed its integrity check; nothing was restored.`, cause: error });
        }
        throw error;
      }
    }
  } finally {
    key.fill(0);
    await file.close();
  }
}

async function readExactly(file: FileHandle, position: number, length: number, size: number, what: string): Promise<Buffer> {
  if (position + length > size) throw invalid(`it is truncated (${what} is cut off)`);
  const buffer = Buffer.alloc(length);
  let read = 0;
  while (read < length) {
    const { bytesRead } = await file.read(buffer, read, length - read, position + read);
    if (bytesRead === 0) throw invalid(`it is truncated (${what} is cut off)`);
    read += bytesRead;
  }
  return buffer;
}

function parseJson<T>(bytes: Buffer, schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }, what: string): T {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw invalid(`its ${what} is not valid JSON`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalid(`its ${what} is malformed`);
  return parsed.data;
}

function ed25519PublicKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw invalid('the public key is not a PEM public key');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw invalid('the public key is not an Ed25519 key');
  return key;
}

/** `SHA256:` and the hex SHA-256 of the key's SPKI (DER) encoding. */
export function publicKeyFingerprint(pem: string): string {
  return fingerprint(ed25519PublicKey(pem));
}

function fingerprint(key: KeyObject): string {
  return `SHA256:${createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex')}`;
}

function invalid(reason: string): SealdeskError {
  return new SealdeskError('backup_invalid', { userMessage: `The backup does not verify: ${reason}.` });
}
