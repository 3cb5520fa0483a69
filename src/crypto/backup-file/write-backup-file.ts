import { createHash, createPublicKey, randomBytes, sign, type KeyObject } from 'node:crypto';
import { link, open, unlink, type FileHandle } from 'node:fs/promises';
import { SealdeskError } from '../../errors/index.js';
import { aeadSeal } from '../aead.js';
import type { RootKeyProvider } from '../root-key-provider.js';
import {
  BACKUP_CHUNK_BYTES,
  BACKUP_FORMAT_VERSION,
  BACKUP_MAGIC,
  backupWrapContext,
  chunkAad,
  chunkNonce,
  headerDigest,
  signedStatement,
  type BackupHeader,
} from './backup-file-format.js';

export interface BackupFileOptions {
  readonly backupId: string;
  readonly createdAt: string;
  /** Non-secret description of what the backup holds; stored in the clear, signed. */
  readonly contents: Record<string, unknown>;
  /** Wraps the fresh backup key; the same provider (or its key) is needed to restore. */
  readonly root: RootKeyProvider;
  /** The installation's Ed25519 backup signing key (private). */
  readonly signingKey: KeyObject;
  readonly chunkBytes?: number;
}

/**
 * Writes an encrypted, signed backup file (format in `backup-file-format.ts`) to a temporary
 * name beside `path` and links it into place only in `finish`, so a failed backup leaves no
 * file and an existing file is never overwritten. Plaintext is encrypted in chunks with
 * AES-256-GCM under a fresh 256-bit key that exists only wrapped by the root key provider.
 */
export class BackupFileWriter {
  readonly #path: string;
  readonly #partial: string;
  readonly #file: FileHandle;
  readonly #key: Buffer;
  readonly #headerHash: string;
  readonly #chunkBytes: number;
  readonly #signingKey: KeyObject;
  readonly #digest = createHash('sha256');
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #chunks = 0;

  private constructor(path: string, partial: string, file: FileHandle, key: Buffer, headerHash: string, chunkBytes: number, signingKey: KeyObject) {
    this.#path = path;
    this.#partial = partial;
    this.#file = file;
    this.#key = key;
    this.#headerHash = headerHash;
    this.#chunkBytes = chunkBytes;
    this.#signingKey = signingKey;
  }

  /** Wraps a fresh key, writes the header. Returns the writer and the header (public key included). */
  static async create(path: string, options: BackupFileOptions): Promise<{ writer: BackupFileWriter; header: BackupHeader }> {
    const chunkBytes = options.chunkBytes ?? BACKUP_CHUNK_BYTES;
    const key = randomBytes(32);
    try {
      const wrappedKey = await options.root.wrap(key, backupWrapContext(options.backupId));
      const header: BackupHeader = {
        format: 'sealdesk-backup',
        version: 1,
        backupId: options.backupId,
        createdAt: options.createdAt,
        encryption: { aead: 'AES-256-GCM', chunkBytes, rootKeyId: options.root.keyId, wrappedKey: wrappedKey.toString('base64') },
        signing: { algorithm: 'Ed25519', publicKey: createPublicKey(options.signingKey).export({ type: 'spki', format: 'pem' }).toString() },
        contents: options.contents,
      };
      const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
      const prefix = Buffer.alloc(BACKUP_MAGIC.length + 5);
      BACKUP_MAGIC.copy(prefix);
      prefix.writeUInt8(BACKUP_FORMAT_VERSION, BACKUP_MAGIC.length);
      prefix.writeUInt32BE(headerBytes.length, BACKUP_MAGIC.length + 1);
      const start = Buffer.concat([prefix, headerBytes]);
      const partial = `${path}.partial-${randomBytes(6).toString('hex')}`;
      const file = await open(partial, 'wx', 0o600).catch((error: unknown) => {
        throw new SealdeskError('invalid_request', { userMessage: `Cannot write the backup next to ${path}.`, cause: error });
      });
      const writer = new BackupFileWriter(path, partial, file, key, headerDigest(start), chunkBytes, options.signingKey);
      await writer.#write(start);
      return { writer, header };
    } catch (error) {
      key.fill(0);
      throw error;
    }
  }

  /** Adds plaintext; full chunks are encrypted and written as they fill. */
  async write(plaintext: Uint8Array): Promise<void> {
    this.#pending.push(Buffer.from(plaintext));
    this.#pendingBytes += plaintext.length;
    // A full chunk is held back until more follows, so the last chunk is always known as last.
    while (this.#pendingBytes > this.#chunkBytes) {
      const all = Buffer.concat(this.#pending);
      await this.#sealChunk(all.subarray(0, this.#chunkBytes), false);
      this.#pending = [all.subarray(this.#chunkBytes)];
      this.#pendingBytes = all.length - this.#chunkBytes;
    }
  }

  /** Seals the last chunk, writes the signed trailer, syncs, and links the file to its name. */
  async finish(): Promise<{ chunks: number; bytes: number }> {
    try {
      await this.#sealChunk(Buffer.concat(this.#pending), true);
      this.#pending = [];
      const digest = this.#digest.digest('hex');
      const signature = sign(null, signedStatement(this.#headerHash, this.#chunks, digest), this.#signingKey);
      const trailer = Buffer.from(JSON.stringify({ chunks: this.#chunks, digest, signature: signature.toString('base64') }), 'utf8');
      const lengths = Buffer.alloc(8);
      lengths.writeUInt32BE(trailer.length, 4);
      await this.#write(Buffer.concat([lengths, trailer]));
      await this.#file.sync();
      const { size } = await this.#file.stat();
      await this.#file.close();
      await link(this.#partial, this.#path).catch((error: unknown) => {
        const exists = (error as NodeJS.ErrnoException).code === 'EEXIST';
        throw new SealdeskError('invalid_request', {
          userMessage: exists ? `${this.#path} already exists; refusing to overwrite it.` : `Cannot write the backup to ${this.#path}.`,
          cause: error,
        });
      });
      await unlink(this.#partial);
      return { chunks: this.#chunks, bytes: size };
    } catch (error) {
      await this.abort();
      throw error;
    } finally {
      this.#key.fill(0);
    }
  }

  /** Discards the partial file; nothing is left behind. */
  async abort(): Promise<void> {
    this.#key.fill(0);
    await this.#file.close().catch(() => undefined);
    await unlink(this.#partial).catch(() => undefined);
  }

  async #sealChunk(plaintext: Buffer, last: boolean): Promise<void> {
    const index = this.#chunks;
    const { ciphertext, tag } = aeadSeal(this.#key, chunkNonce(index), plaintext, chunkAad(this.#headerHash, index, last));
    const length = Buffer.alloc(4);
    length.writeUInt32BE(ciphertext.length + tag.length);
    const frame = Buffer.concat([length, ciphertext, tag]);
    this.#digest.update(frame);
    this.#chunks += 1;
    await this.#write(frame);
  }

  async #write(bytes: Buffer): Promise<void> {
    let offset = 0;
    while (offset < bytes.length) offset += (await this.#file.write(bytes, offset)).bytesWritten;
  }
}
