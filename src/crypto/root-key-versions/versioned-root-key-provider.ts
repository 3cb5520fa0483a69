import { inspect } from 'node:util';
import { SealdeskError } from '../../errors/index.js';
import type { RootKeyProvider, WrapContext } from '../root-key-provider.js';
import { decodeVersionedWrap, encodeVersionedWrap } from './versioned-wrap-format.js';

/** The root key versions an installation holds now; `versions` oldest first, the last wraps. */
export interface RootKeyVersions {
  /** The first root key's id: its wraps carry no version header. */
  readonly baseKeyId: string;
  readonly versions: readonly RootKeyProvider[];
}

export interface VersionedRootKeyOptions extends RootKeyVersions {
  /**
   * Reads again which versions the installation holds (e.g. `installation.json` after another
   * process rotated the root key). Called before each wrap and when an unwrap meets a version not
   * held; it should answer cheaply when nothing changed.
   */
  readonly reload?: () => Promise<RootKeyVersions>;
}

/**
 * A root key with versions, as a root key rotation leaves it: wraps with the newest version and
 * unwraps each wrap with the version that made it. Wraps by the first version are its provider's
 * bytes unchanged; wraps by later versions begin with a header naming their key id
 * (`versioned-wrap-format.ts`). A wrap by a version this provider does not hold makes it reload
 * once (another process may have rotated), then fails closed with `key_unavailable`.
 * `keyId` is the newest version's.
 */
export class VersionedRootKeyProvider implements RootKeyProvider {
  #state: RootKeyVersions;
  readonly #reload: VersionedRootKeyOptions['reload'];
  #reloading: Promise<void> | undefined;

  constructor(options: VersionedRootKeyOptions) {
    this.#state = checked(options);
    this.#reload = options.reload;
  }

  /** One root key that was never rotated. */
  static of(provider: RootKeyProvider): VersionedRootKeyProvider {
    return provider instanceof VersionedRootKeyProvider ? provider : new VersionedRootKeyProvider({ baseKeyId: provider.keyId, versions: [provider] });
  }

  get keyId(): string {
    return this.newest.keyId;
  }

  /** The version that wraps new keys. */
  get newest(): RootKeyProvider {
    return this.#state.versions.at(-1)!;
  }

  /** The key ids of the versions held, oldest first. */
  get keyIds(): string[] {
    return this.#state.versions.map((version) => version.keyId);
  }

  /** The id of the root key version that made `wrapped` (read from its header; no decryption). */
  keyIdOf(wrapped: Uint8Array): string {
    return decodeVersionedWrap(wrapped).keyId ?? this.#state.baseKeyId;
  }

  async wrap(key: Uint8Array, context: WrapContext): Promise<Buffer> {
    await this.reload();
    const newest = this.newest;
    const wrapped = await newest.wrap(key, context);
    return newest.keyId === this.#state.baseKeyId ? wrapped : encodeVersionedWrap(newest.keyId, wrapped);
  }

  async unwrap(wrapped: Uint8Array, context: WrapContext): Promise<Buffer> {
    const { keyId = this.#state.baseKeyId, inner } = decodeVersionedWrap(wrapped);
    let version = this.#find(keyId);
    if (version === undefined) {
      await this.reload();
      version = this.#find(keyId);
    }
    if (version === undefined) {
      throw new SealdeskError('key_unavailable', { detail: `wrapped by root key ${keyId}, which this installation does not hold (retired, or unknown)` });
    }
    return version.unwrap(inner, context);
  }

  /** Reads the installation's versions again (see `VersionedRootKeyOptions.reload`); concurrent calls share one read. */
  reload(): Promise<void> {
    const reload = this.#reload;
    if (reload === undefined) return Promise.resolve();
    this.#reloading ??= (async () => {
      try {
        this.#state = checked(await reload());
      } finally {
        this.#reloading = undefined;
      }
    })();
    return this.#reloading;
  }

  toString(): string {
    return `[root key ${this.keyIds.join(', ')}]`;
  }

  toJSON(): string {
    return this.toString();
  }

  [inspect.custom](): string {
    return this.toString();
  }

  #find(keyId: string): RootKeyProvider | undefined {
    return this.#state.versions.find((version) => version.keyId === keyId);
  }
}

function checked(state: RootKeyVersions): RootKeyVersions {
  if (state.versions.length === 0) throw new SealdeskError('internal', { detail: 'a root key needs at least one version' });
  return { baseKeyId: state.baseKeyId, versions: [...state.versions] };
}
