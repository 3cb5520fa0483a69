import type { RootKeyProvider, WrapContext } from '../root-key-provider.js';
import { rootUnwrap, rootWrap } from '../root-wrap.js';
import type { SecretKey } from '../secret-key.js';

/**
 * A root key read from a local key file and held in process memory. Obtain one with
 * `createRootKeyFile` or `openRootKeyFile`. Wraps with AES-256-GCM, binding keyId, scope and version.
 */
export class LocalKeyFileProvider implements RootKeyProvider {
  readonly keyId: string;
  readonly #key: SecretKey;

  /** @internal */
  constructor(keyId: string, key: SecretKey) {
    this.keyId = keyId;
    this.#key = key;
  }

  async wrap(key: Uint8Array, context: WrapContext): Promise<Buffer> {
    return rootWrap(this.#key, this.keyId, key, context);
  }

  async unwrap(wrapped: Uint8Array, context: WrapContext): Promise<Buffer> {
    return rootUnwrap(this.#key, this.keyId, wrapped, context);
  }
}
