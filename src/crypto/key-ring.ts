import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../common/index.js';
import { SealdeskError } from '../errors/index.js';
import type { Binding } from './binding.js';
import { decodeEnvelope } from './envelope.js';
import { hkdfSha256 } from './hkdf-sha256.js';
import { hmacSha256 } from './hmac-sha256.js';
import { KeyCache } from './key-cache.js';
import { lengthPrefixed } from './length-prefixed.js';
import { openEnvelope } from './open-envelope.js';
import type { RootKeyProvider } from './root-key-provider.js';
import { sealEnvelope } from './seal-envelope.js';
import { keyMaterial, SECRET_KEY_BYTES, SecretKey } from './secret-key.js';
import { unwrapKey, wrapKey } from './wrap-key.js';
import type { KeyKind, WrappedKeyStore } from './wrapped-key-store.js';

const TENANT = 'tenant';
const CONTENT = 'content';
const BLIND_INDEX = 'blind-index';
const TOKENS = 'tokens';
const DATA_KEY_PURPOSES = [CONTENT, BLIND_INDEX, TOKENS];

export interface KeyRingOptions {
  root: RootKeyProvider;
  store: WrappedKeyStore;
  clock: Clock;
  /** How long an unwrapped key (or the choice of latest version) stays in memory. Default 5 minutes. */
  cacheTtlMs?: number;
  /** At most this many unwrapped keys stay in memory. Default 1000. */
  cacheMaxKeys?: number;
}

/**
 * The key hierarchy (root → tenant key → data keys) and the only way the rest of Sealdesk
 * encrypts. Keys are unwrapped on demand and kept in memory only, bounded in time and count.
 * Fails closed: a key that cannot be found or unwrapped throws `key_unavailable`; a ciphertext
 * that does not authenticate for its binding throws `decryption_failed`.
 */
export class KeyRing {
  readonly #root: RootKeyProvider;
  readonly #store: WrappedKeyStore;
  readonly #clock: Clock;
  readonly #cache: KeyCache;

  constructor(options: KeyRingOptions) {
    this.#root = options.root;
    this.#store = options.store;
    this.#clock = options.clock;
    this.#cache = new KeyCache(options.clock, options.cacheTtlMs ?? 5 * 60_000, options.cacheMaxKeys ?? 1000);
  }

  /** Creates tenant key v1 and data keys v1 ('content', 'blind-index', 'tokens') where absent. Idempotent. */
  async ensureScope(scope: string): Promise<void> {
    await this.#ensure(scope, 'tenant', TENANT, async (material) => ({
      parentVersion: 0,
      wrappedKey: await this.#root.wrap(material, { scope, version: 1 }),
    }));
    for (const purpose of DATA_KEY_PURPOSES) {
      await this.#ensure(scope, 'data', purpose, async (material) => {
        const tenantKey = await this.#key(scope, 'tenant', TENANT, 'latest');
        const context = dataKeyContext(scope, purpose, 1, tenantKey.version);
        return { parentVersion: tenantKey.version, wrappedKey: wrapKey(tenantKey, material, context) };
      });
    }
  }

  /** Encrypts under the latest 'content' key of `binding.tenant`, bound to `binding`. */
  async seal(plaintext: Uint8Array | string, binding: Binding): Promise<Buffer> {
    const key = await this.#key(binding.tenant, 'data', CONTENT, 'latest');
    return sealEnvelope(key, CONTENT, toBytes(plaintext), binding);
  }

  /** Decrypts an envelope from `seal`, using the key version it names; `binding` must match. */
  async open(envelope: Uint8Array, binding: Binding): Promise<Buffer> {
    const decoded = decodeEnvelope(envelope);
    if (decoded.keyId !== CONTENT) {
      throw new SealdeskError('decryption_failed', { detail: 'envelope names a key that does not seal content' });
    }
    const key = await this.#key(binding.tenant, 'data', CONTENT, decoded.keyVersion);
    return openEnvelope(key, decoded, binding);
  }

  /** `open`, decoded as UTF-8. */
  async openText(envelope: Uint8Array, binding: Binding): Promise<string> {
    return (await this.open(envelope, binding)).toString('utf8');
  }

  /**
   * A deterministic keyed index of `value`: lowercase hex HMAC-SHA256 (RFC 2104) under a per-field
   * subkey HKDF-SHA256-derived (RFC 5869, empty salt) from the scope's latest 'blind-index' key,
   * info `sealdesk/blind-index/v1/<field>`. Normalise `value` first (`normaliseEmail`).
   */
  async blindIndex(scope: string, field: string, value: string): Promise<string> {
    const key = await this.#key(scope, 'data', BLIND_INDEX, 'latest');
    return keyedHmac(key, `sealdesk/blind-index/v1/${field}`, toBytes(value)).toString('hex');
  }

  /**
   * HMAC-SHA256 of `data` under a subkey HKDF-derived from the scope's latest 'tokens' key, info
   * `sealdesk/mac/v1/<purpose>`. MACs made before a 'tokens' key rotation stop verifying.
   */
  async mac(scope: string, purpose: string, data: Uint8Array | string): Promise<Buffer> {
    const key = await this.#key(scope, 'data', TOKENS, 'latest');
    return keyedHmac(key, `sealdesk/mac/v1/${purpose}`, toBytes(data));
  }

  /** Whether `mac` is `mac(scope, purpose, data)`, compared in constant time. */
  async verifyMac(scope: string, purpose: string, data: Uint8Array | string, mac: Uint8Array): Promise<boolean> {
    const expected = await this.mac(scope, purpose, data);
    return mac.length === expected.length && timingSafeEqual(expected, mac);
  }

  /** Drops every unwrapped key from memory. */
  clearCache(): void {
    this.#cache.clear();
  }

  async #key(scope: string, kind: KeyKind, purpose: string, version: number | 'latest'): Promise<SecretKey> {
    const id = JSON.stringify([scope, kind, purpose, version]);
    const cached = this.#cache.get(id);
    if (cached !== undefined) return cached;
    const record =
      version === 'latest'
        ? await this.#store.latest(scope, kind, purpose)
        : await this.#store.get(scope, kind, purpose, version);
    if (record === undefined) {
      throw new SealdeskError('key_unavailable', { detail: `no ${kind} key '${purpose}' version ${version}` });
    }
    // Contexts use what was asked for, so a store returning the wrong row fails to unwrap.
    const keyVersion = version === 'latest' ? record.version : version;
    const material =
      kind === 'tenant'
        ? await this.#root.unwrap(record.wrappedKey, { scope, version: keyVersion })
        : unwrapKey(
            await this.#key(scope, 'tenant', TENANT, record.parentVersion),
            record.wrappedKey,
            dataKeyContext(scope, purpose, keyVersion, record.parentVersion),
          );
    try {
      const key = new SecretKey(material, keyVersion);
      this.#cache.set(id, key);
      return key;
    } finally {
      material.fill(0);
    }
  }

  /** Inserts version 1 unless present; a concurrent insert that wins is accepted. */
  async #ensure(
    scope: string,
    kind: KeyKind,
    purpose: string,
    wrap: (material: Buffer) => Promise<{ parentVersion: number; wrappedKey: Buffer }>,
  ): Promise<void> {
    if ((await this.#store.latest(scope, kind, purpose)) !== undefined) return;
    const material = randomBytes(SECRET_KEY_BYTES);
    try {
      const wrapped = await wrap(material);
      const createdAt = this.#clock.now().toISOString();
      await this.#store.insert({ scope, kind, purpose, version: 1, ...wrapped, createdAt });
    } catch (error) {
      if ((await this.#store.get(scope, kind, purpose, 1)) === undefined) throw error;
    } finally {
      material.fill(0);
    }
  }
}

/** Associated data binding a data key to its scope, purpose, version and wrapping tenant key version. */
function dataKeyContext(scope: string, purpose: string, version: number, parentVersion: number): Buffer {
  return lengthPrefixed(['sealdesk/data-key/v1', scope, purpose, String(version), String(parentVersion)]);
}

function keyedHmac(key: SecretKey, info: string, data: Uint8Array): Buffer {
  const subkey = hkdfSha256(keyMaterial(key), Buffer.alloc(0), Buffer.from(info, 'utf8'), 32);
  try {
    return hmacSha256(subkey, data);
  } finally {
    subkey.fill(0);
  }
}

function toBytes(value: Uint8Array | string): Uint8Array {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}
