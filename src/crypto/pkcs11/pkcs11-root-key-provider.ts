import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { SealdeskError } from '../../errors/index.js';
import type { RootKeyProvider, WrapContext } from '../root-key-provider.js';
import { CK } from './pkcs11-constants.js';
import type { Pkcs11Mechanism } from './pkcs11-module.js';
import type { TokenSession } from './pkcs11-token-session.js';
import { errorName } from './pkcs11-token-session.js';
import {
  decodePkcs11Wrap,
  encodePkcs11Wrap,
  PKCS11_WRAP_IV_BYTES,
  PKCS11_WRAP_TAG_BYTES,
  pkcs11WrapAad,
} from './pkcs11-wrap-format.js';

/** Wrapped keys are at most this long; tenant keys are 32 bytes. */
const MAX_KEY_BYTES = 1024;

/**
 * A root key that never leaves a PKCS#11 token: an AES-256 secret key object (sensitive, never
 * extractable). Every wrap and unwrap is CKM_AES_GCM on the token (C_Encrypt/C_Decrypt), with a
 * fresh random 96-bit IV and the key id, scope and version as associated data; the output is
 * `pkcs11-wrap-format.ts`'s self-describing bytes. Random IVs keep GCM within its bounds for far
 * more than the 2^32 wraps one root key will ever do (SP 800-38D §8.3).
 *
 * Holds one logged-in session, used by one operation at a time; `close()` ends it. Obtain one
 * with `createPkcs11RootKey` or `openPkcs11RootKey`. Prints as `[pkcs11 root key <id>]`.
 */
export class Pkcs11RootKeyProvider implements RootKeyProvider {
  readonly keyId: string;
  readonly #token: TokenSession;
  readonly #key: Buffer;
  readonly #createdHere: boolean;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  /** @internal */
  constructor(token: TokenSession, key: Buffer, keyId: string, createdHere: boolean) {
    this.#token = token;
    this.#key = key;
    this.keyId = keyId;
    this.#createdHere = createdHere;
  }

  async wrap(key: Uint8Array, context: WrapContext): Promise<Buffer> {
    if (key.length === 0 || key.length > MAX_KEY_BYTES) {
      throw new SealdeskError('internal', { detail: `a wrapped key must be 1–${MAX_KEY_BYTES} bytes` });
    }
    const iv = randomBytes(PKCS11_WRAP_IV_BYTES);
    const mechanism = this.#gcm(iv, pkcs11WrapAad(this.keyId, context));
    const sealed = await this.#serially('wrap', () => {
      this.#token.module.C_EncryptInit(this.#token.session, mechanism, this.#key);
      return this.#token.module.C_EncryptAsync(this.#token.session, asBuffer(key), Buffer.alloc(key.length + PKCS11_WRAP_TAG_BYTES));
    });
    return encodePkcs11Wrap(iv, sealed);
  }

  async unwrap(wrapped: Uint8Array, context: WrapContext): Promise<Buffer> {
    const { iv, sealed } = decodePkcs11Wrap(wrapped);
    const mechanism = this.#gcm(iv, pkcs11WrapAad(this.keyId, context));
    return this.#serially('unwrap', () => {
      this.#token.module.C_DecryptInit(this.#token.session, mechanism, this.#key);
      return this.#token.module.C_DecryptAsync(this.#token.session, sealed, Buffer.alloc(sealed.length));
    });
  }

  /** Ends the session (and the login and library, if this was their last user). Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#queue;
    this.#token.close();
  }

  /**
   * Destroys the key object on the token, then closes. Only for undoing a `createPkcs11RootKey`
   * in this process before anything it wrapped was kept (a failed `sealdesk init`); refused on a
   * provider from `openPkcs11RootKey`, so an opened root key cannot be destroyed through here.
   */
  async discardCreatedKey(): Promise<void> {
    if (!this.#createdHere) {
      throw new SealdeskError('internal', { detail: 'only a key created by this provider can be discarded' });
    }
    if (this.#closed) throw new SealdeskError('internal', { detail: 'provider already closed' });
    this.#closed = true;
    await this.#queue;
    try {
      this.#token.module.C_DestroyObject(this.#token.session, this.#key);
    } finally {
      this.#token.close();
    }
  }

  toString(): string {
    return `[pkcs11 root key ${this.keyId}]`;
  }

  toJSON(): string {
    return this.toString();
  }

  [inspect.custom](): string {
    return this.toString();
  }

  #gcm(iv: Buffer, aad: Buffer): Pkcs11Mechanism {
    return {
      mechanism: CK.CKM_AES_GCM,
      parameter: { type: this.#token.gcmParamsType, iv, ivBits: iv.length * 8, aad, tagBits: PKCS11_WRAP_TAG_BYTES * 8 },
    };
  }

  /**
   * Runs one operation on the session after those before it: a PKCS#11 session does one
   * operation at a time. Any failure becomes `key_unavailable`.
   */
  #serially(operation: 'wrap' | 'unwrap', run: () => Promise<Buffer>): Promise<Buffer> {
    if (this.#closed) {
      return Promise.reject(new SealdeskError('key_unavailable', { detail: `PKCS#11 root key ${this.keyId} is closed` }));
    }
    const result = this.#queue.then(run).catch((error: unknown) => {
      const detail =
        operation === 'unwrap'
          ? `${this.#token.tokenName} could not unwrap (${errorName(error)}): wrong root key or context, tampered, or the token is unavailable`
          : `${this.#token.tokenName} could not wrap (${errorName(error)})`;
      throw new SealdeskError('key_unavailable', { detail, cause: error });
    });
    this.#queue = result.catch(() => undefined);
    return result;
  }
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
