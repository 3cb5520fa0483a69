import { SealdeskError } from '../errors/index.js';
import { AEAD_NONCE_BYTES, AEAD_TAG_BYTES } from './aead.js';

const MAGIC = Buffer.from('SD', 'ascii');
/** The only envelope format version written and read. */
const ENVELOPE_FORMAT_VERSION = 1;
/** Algorithm 1: AES-256-GCM, 96-bit nonce, 128-bit tag. The only algorithm accepted. */
const ENVELOPE_ALGORITHM_AES_256_GCM = 1;
const MAX_KEY_VERSION = 0xffff_ffff;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A sealed value:
 * `'S' 'D' | formatVersion u8 | algorithm u8 | keyId length u8 | keyId utf8 | keyVersion u32 BE |
 * nonce (12) | ciphertext | tag (16)`. Everything before the nonce is the header.
 */
export interface Envelope {
  keyId: string;
  keyVersion: number;
  nonce: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

/** An envelope read from bytes, with the exact header bytes it carried (they are AEAD input). */
export interface DecodedEnvelope extends Envelope {
  header: Buffer;
}

/** The header for `keyId` (1–255 UTF-8 bytes) and `keyVersion` (a u32). */
export function encodeEnvelopeHeader(keyId: string, keyVersion: number): Buffer {
  const id = Buffer.from(keyId, 'utf8');
  if (id.length < 1 || id.length > 255) throw internal('envelope key id must be 1-255 bytes');
  if (!Number.isInteger(keyVersion) || keyVersion < 0 || keyVersion > MAX_KEY_VERSION) {
    throw internal('envelope key version must be a u32');
  }
  const version = Buffer.alloc(4);
  version.writeUInt32BE(keyVersion);
  const fixed = [ENVELOPE_FORMAT_VERSION, ENVELOPE_ALGORITHM_AES_256_GCM, id.length];
  return Buffer.concat([MAGIC, Buffer.from(fixed), id, version]);
}

/** Serialises an envelope; requires a 12-byte nonce and a 16-byte tag. */
export function encodeEnvelope(envelope: Envelope): Buffer {
  if (envelope.nonce.length !== AEAD_NONCE_BYTES || envelope.tag.length !== AEAD_TAG_BYTES) {
    throw internal('envelope nonce or tag has the wrong length');
  }
  const header = encodeEnvelopeHeader(envelope.keyId, envelope.keyVersion);
  return Buffer.concat([header, envelope.nonce, envelope.ciphertext, envelope.tag]);
}

/**
 * Parses and length-checks an envelope. Throws `decryption_failed` for a wrong magic, an unknown
 * format version or algorithm, an empty or non-UTF-8 key id, or truncation. Authenticates nothing.
 */
export function decodeEnvelope(bytes: Uint8Array): DecodedEnvelope {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 5 || !buffer.subarray(0, 2).equals(MAGIC)) throw malformed('bad magic');
  if (buffer[2] !== ENVELOPE_FORMAT_VERSION) throw malformed('unknown format version');
  if (buffer[3] !== ENVELOPE_ALGORITHM_AES_256_GCM) throw malformed('unknown algorithm');
  const idLength = buffer[4] ?? 0;
  const headerLength = 5 + idLength + 4;
  if (idLength === 0) throw malformed('empty key id');
  if (buffer.length < headerLength + AEAD_NONCE_BYTES + AEAD_TAG_BYTES) throw malformed('truncated');
  let keyId: string;
  try {
    keyId = utf8.decode(buffer.subarray(5, 5 + idLength));
  } catch (error) {
    throw malformed('key id is not UTF-8', error);
  }
  const nonceEnd = headerLength + AEAD_NONCE_BYTES;
  const tagStart = buffer.length - AEAD_TAG_BYTES;
  return {
    header: Buffer.from(buffer.subarray(0, headerLength)),
    keyId,
    keyVersion: buffer.readUInt32BE(5 + idLength),
    nonce: Buffer.from(buffer.subarray(headerLength, nonceEnd)),
    ciphertext: Buffer.from(buffer.subarray(nonceEnd, tagStart)),
    tag: Buffer.from(buffer.subarray(tagStart)),
  };
}

function malformed(reason: string, cause?: unknown): SealdeskError {
  return new SealdeskError('decryption_failed', { detail: `malformed envelope: ${reason}`, cause });
}

function internal(detail: string): SealdeskError {
  return new SealdeskError('internal', { detail });
}
