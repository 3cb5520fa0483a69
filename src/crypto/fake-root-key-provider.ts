import { randomBytes } from 'node:crypto';
import { SealdeskError } from '../errors/index.js';
import type { RootKeyProvider, WrapContext } from './root-key-provider.js';
import { rootUnwrap, rootWrap } from './root-wrap.js';
import { SecretKey } from './secret-key.js';

/**
 * An in-memory root key for tests. `revoke()` makes it behave like an unreachable or revoked KMS
 * key (every call rejects with `key_unavailable`) until `restore()`.
 */
export class FakeRootKeyProvider implements RootKeyProvider {
  readonly keyId = `fake-root-${randomBytes(8).toString('hex')}`;
  readonly #key = SecretKey.generate(1);
  #revoked = false;

  async wrap(key: Uint8Array, context: WrapContext): Promise<Buffer> {
    this.#checkAvailable();
    return rootWrap(this.#key, this.keyId, key, context);
  }

  async unwrap(wrapped: Uint8Array, context: WrapContext): Promise<Buffer> {
    this.#checkAvailable();
    return rootUnwrap(this.#key, this.keyId, wrapped, context);
  }

  revoke(): void {
    this.#revoked = true;
  }

  restore(): void {
    this.#revoked = false;
  }

  #checkAvailable(): void {
    if (this.#revoked) throw new SealdeskError('key_unavailable', { detail: 'fake root key revoked' });
  }
}
