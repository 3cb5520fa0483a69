/** What a wrapped tenant key is bound to; a different scope or version fails to unwrap. */
export interface WrapContext {
  /** A tenant id, or `'operator'` for the installation itself. */
  scope: string;
  /** The version of the key being wrapped. */
  version: number;
}

/**
 * The root of the key hierarchy: wraps and unwraps tenant keys. Adapters: the local key file, a
 * fake for tests (and later PKCS#11 and cloud KMS). Every adapter passes the same contract suite.
 */
export interface RootKeyProvider {
  /** Names the root key; bound into every wrap. */
  readonly keyId: string;
  /** Encrypts `key` under the root key, bound to `context`. Output is self-describing bytes. */
  wrap(key: Uint8Array, context: WrapContext): Promise<Buffer>;
  /**
   * Recovers a key from `wrap`'s output. Rejects with `key_unavailable` if the root key cannot be
   * had, or the bytes were wrapped by another root key, for another context, or were altered.
   */
  unwrap(wrapped: Uint8Array, context: WrapContext): Promise<Buffer>;
}
