/** A tenant key (wrapped by the root provider) or a data key (wrapped by a tenant key). */
export type KeyKind = 'tenant' | 'data';

/**
 * One stored, wrapped key version. A tenant key has kind `'tenant'`, purpose `'tenant'` and
 * parentVersion 0; a data key has kind `'data'`, a purpose such as `'content'`, `'blind-index'`
 * or `'tokens'`, and parentVersion = the tenant key version that wraps it.
 */
export interface WrappedKeyRecord {
  /** A tenant id, or `'operator'` for the installation itself. */
  scope: string;
  kind: KeyKind;
  purpose: string;
  /** 1, 2, … per (scope, kind, purpose). */
  version: number;
  parentVersion: number;
  wrappedKey: Buffer;
  /** ISO 8601 timestamp. */
  createdAt: string;
  /** Where a tenant key's material came from: made here (the default), or imported by the tenant (BYOK). */
  origin?: KeyOrigin;
}

/** `generated` by Sealdesk, or `imported`: key material the tenant generated and wrapped to the installation's import key. */
export type KeyOrigin = 'generated' | 'imported';

/** Where a listing of a scope's keys goes on: after this purpose and version. */
export interface KeyCursor {
  readonly purpose: string;
  readonly version: number;
}

/** Where wrapped keys persist. Holds only wrapped bytes, never key material. */
export interface WrappedKeyStore {
  /** The highest version for (scope, kind, purpose), if any. */
  latest(scope: string, kind: KeyKind, purpose: string): Promise<WrappedKeyRecord | undefined>;
  get(scope: string, kind: KeyKind, purpose: string, version: number): Promise<WrappedKeyRecord | undefined>;
  /** Rejects (with `conflict`) if (scope, kind, purpose, version) already exists; never overwrites. */
  insert(record: WrappedKeyRecord): Promise<void>;
  /** Up to `limit` of the scope's keys of `kind`, ordered by purpose then version, after `after`. */
  list(scope: string, kind: KeyKind, after: KeyCursor | undefined, limit: number): Promise<WrappedKeyRecord[]>;
  /**
   * Rotation's re-wrap: replaces the wrapped bytes and parent version of `record`'s version, only
   * while its parent version is still `previousParentVersion`; whether it did. The key inside is
   * the same, so a reader holding either wrapping stays correct.
   */
  rewrap(record: WrappedKeyRecord, previousParentVersion: number): Promise<boolean>;
  /** Deletes every key of the scope, of both kinds and every version; returns how many. */
  destroyScope(scope: string): Promise<number>;
}

/**
 * Where subject keys persist: apart from the database, so that no database backup holds them and
 * destroying one reaches every copy the installation makes (see docs/keys.md, "Subject keys").
 */
export interface SubjectKeyVault extends WrappedKeyStore {
  /** Deletes every version of the key, beyond recovery from the vault's file; returns how many. */
  destroy(scope: string, purpose: string): Promise<number>;
}
