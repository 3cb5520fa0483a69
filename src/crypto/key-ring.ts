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
import { AUDIT_SIGNING_PURPOSE, systemJustification, type UnwrapGuard, type UnwrapJustification } from './unwrap-justification.js';
import type { KeyKind, SubjectKeyVault, WrappedKeyStore } from './wrapped-key-store.js';
import type { TenantKeyState, TenantKeyStateName, TenantKeyStateStore } from './tenant-key-state.js';

const TENANT = 'tenant';
const CONTENT = 'content';
const BLIND_INDEX = 'blind-index';
const TOKENS = 'tokens';
const DATA_KEY_PURPOSES = [CONTENT, BLIND_INDEX, TOKENS];
/** The envelope key id of data sealed under a subject key. */
const SUBJECT = 'subject';
/** How long a tenant key's state is trusted from memory: a key disabled by another process stops working within this. */
export const KEY_STATE_CACHE_MS = 5_000;

export interface KeyRingOptions {
  root: RootKeyProvider;
  store: WrappedKeyStore;
  clock: Clock;
  /** How long an unwrapped key (or the choice of latest version) stays in memory. Default 5 minutes. */
  cacheTtlMs?: number;
  /** At most this many unwrapped keys stay in memory. Default 1000. */
  cacheMaxKeys?: number;
  /**
   * The key layer's policy and unwrap log (`createKeyLayerGuard`); every installation has one.
   * Without it (crypto unit tests) every justification is admitted and nothing is recorded.
   */
  guard?: UnwrapGuard;
  /**
   * Where contacts' subject keys live, apart from `store`. Without it, sealing to a subject
   * throws `internal`: an installation always has one.
   */
  subjectKeys?: SubjectKeyVault;
  /**
   * Whether each tenant's key is enabled, checked on every use. Without it (crypto unit tests)
   * every key is enabled.
   */
  keyStates?: TenantKeyStateStore;
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
  readonly #guard: UnwrapGuard | undefined;
  readonly #subjectKeys: SubjectKeyVault | undefined;
  readonly #keyStates: TenantKeyStateStore | undefined;
  readonly #states = new Map<string, { readonly state: TenantKeyStateName; readonly loadedAt: number }>();
  readonly #unwrapping = new Map<string, Promise<SecretKey>>();

  constructor(options: KeyRingOptions) {
    this.#root = options.root;
    this.#store = options.store;
    this.#clock = options.clock;
    this.#cache = new KeyCache(options.clock, options.cacheTtlMs ?? 5 * 60_000, options.cacheMaxKeys ?? 1000);
    this.#guard = options.guard;
    this.#subjectKeys = options.subjectKeys;
    this.#keyStates = options.keyStates;
  }

  /** Creates tenant key v1 and data keys v1 ('content', 'blind-index', 'tokens') where absent. Idempotent. */
  async ensureScope(scope: string): Promise<void> {
    const justification = systemJustification('keys', 'create-scope-keys');
    await this.#ensure(scope, 'tenant', TENANT, async (material) => ({
      parentVersion: 0,
      wrappedKey: await this.#root.wrap(material, { scope, version: 1 }),
    }));
    for (const purpose of DATA_KEY_PURPOSES) {
      await this.#ensure(scope, 'data', purpose, (material) => this.#wrapDataKey(scope, purpose, material, justification));
    }
  }

  /**
   * Encrypts under the latest 'content' key of `binding.tenant`, bound to `binding` — or, when
   * the binding names a subject, under that contact's subject key (created on first use).
   */
  async seal(plaintext: Uint8Array | string, binding: Binding, justification: UnwrapJustification): Promise<Buffer> {
    await this.#admit(binding.tenant, justification);
    if (binding.subject !== undefined) {
      const purpose = subjectPurpose(binding.subject);
      await this.#ensure(binding.tenant, 'data', purpose, (material) => this.#wrapDataKey(binding.tenant, purpose, material, justification), this.#vault());
      const key = await this.#key(binding.tenant, 'data', purpose, 'latest', justification);
      return sealEnvelope(key, SUBJECT, toBytes(plaintext), binding);
    }
    const key = await this.#key(binding.tenant, 'data', CONTENT, 'latest', justification);
    return sealEnvelope(key, CONTENT, toBytes(plaintext), binding);
  }

  /**
   * Decrypts an envelope from `seal`, using the key version it names; `binding` must match. An
   * envelope sealed to a subject needs the binding's subject, and fails with `key_unavailable`
   * once that subject key is destroyed. Data sealed before subject keys existed still opens.
   */
  async open(envelope: Uint8Array, binding: Binding, justification: UnwrapJustification): Promise<Buffer> {
    await this.#admit(binding.tenant, justification);
    const decoded = decodeEnvelope(envelope);
    if (decoded.keyId === SUBJECT) {
      if (binding.subject === undefined) throw new SealdeskError('decryption_failed', { detail: 'envelope sealed to a subject, binding names none' });
      const key = await this.#key(binding.tenant, 'data', subjectPurpose(binding.subject), decoded.keyVersion, justification);
      return openEnvelope(key, decoded, binding);
    }
    if (decoded.keyId !== CONTENT) {
      throw new SealdeskError('decryption_failed', { detail: 'envelope names a key that does not seal content' });
    }
    const key = await this.#key(binding.tenant, 'data', CONTENT, decoded.keyVersion, justification);
    return openEnvelope(key, decoded, binding);
  }

  /**
   * Crypto-shredding: destroys every version of the contact's subject key in the vault and in
   * memory. Whatever was sealed to it — here, or in any backup, which never holds the vault — can
   * no longer be decrypted. Returns how many key versions were destroyed (0: none existed).
   */
  async destroySubjectKey(scope: string, subject: string, justification: UnwrapJustification): Promise<number> {
    await this.#admit(scope, justification);
    const purpose = subjectPurpose(subject);
    const destroyed = await this.#vault().destroy(scope, purpose);
    this.#cache.deleteMatching((id) => id.startsWith(JSON.stringify([scope, 'data', purpose]).slice(0, -1)));
    return destroyed;
  }

  /** The scope's tenant key state as stored now; never changed means enabled. */
  async tenantKeyState(scope: string): Promise<TenantKeyState | undefined> {
    return this.#stateStore().get(scope);
  }

  /**
   * Disables or enables the scope's tenant key. Disabling binds in this process at once: every
   * unwrapped key of the scope is dropped from memory and every later use fails with
   * `key_unavailable`. Other processes sharing the store see the change within
   * `KEY_STATE_CACHE_MS`, because the state is checked on every use, cached keys included.
   */
  async setTenantKeyState(state: TenantKeyState): Promise<void> {
    await this.#stateStore().set(state);
    this.#states.set(state.scope, { state: state.state, loadedAt: this.#clock.now().getTime() });
    if (state.state !== 'enabled') this.#forgetScope(state.scope);
  }

  /** `open`, decoded as UTF-8. */
  async openText(envelope: Uint8Array, binding: Binding, justification: UnwrapJustification): Promise<string> {
    return (await this.open(envelope, binding, justification)).toString('utf8');
  }

  /**
   * A deterministic keyed index of `value`: lowercase hex HMAC-SHA256 (RFC 2104) under a per-field
   * subkey HKDF-SHA256-derived (RFC 5869, empty salt) from the scope's latest 'blind-index' key,
   * info `sealdesk/blind-index/v1/<field>`. Normalise `value` first (`normaliseEmail`).
   */
  async blindIndex(scope: string, field: string, value: string, justification: UnwrapJustification): Promise<string> {
    await this.#admit(scope, justification);
    const key = await this.#key(scope, 'data', BLIND_INDEX, 'latest', justification);
    return keyedHmac(key, `sealdesk/blind-index/v1/${field}`, toBytes(value)).toString('hex');
  }

  /**
   * HMAC-SHA256 of `data` under a subkey HKDF-derived from the scope's latest 'tokens' key, info
   * `sealdesk/mac/v1/<purpose>`. MACs made before a 'tokens' key rotation stop verifying.
   */
  async mac(scope: string, purpose: string, data: Uint8Array | string, justification: UnwrapJustification): Promise<Buffer> {
    await this.#admit(scope, justification);
    const key = await this.#key(scope, 'data', TOKENS, 'latest', justification);
    return keyedHmac(key, `sealdesk/mac/v1/${purpose}`, toBytes(data));
  }

  /** Whether `mac` is `mac(scope, purpose, data)`, compared in constant time. */
  async verifyMac(scope: string, purpose: string, data: Uint8Array | string, mac: Uint8Array, justification: UnwrapJustification): Promise<boolean> {
    const expected = await this.mac(scope, purpose, data, justification);
    return mac.length === expected.length && timingSafeEqual(expected, mac);
  }

  /** Drops every unwrapped key from memory. */
  clearCache(): void {
    this.#cache.clear();
  }

  /** Version 1 of a data key, wrapped under the scope's latest tenant key. */
  async #wrapDataKey(scope: string, purpose: string, material: Buffer, justification: UnwrapJustification): Promise<{ parentVersion: number; wrappedKey: Buffer }> {
    const tenantKey = await this.#key(scope, 'tenant', TENANT, 'latest', justification);
    return { parentVersion: tenantKey.version, wrappedKey: wrapKey(tenantKey, material, dataKeyContext(scope, purpose, 1, tenantKey.version)) };
  }

  #vault(): SubjectKeyVault {
    if (this.#subjectKeys === undefined) throw new SealdeskError('internal', { detail: 'this key ring has no subject-key vault' });
    return this.#subjectKeys;
  }

  /** Subject keys live in the vault, every other key in the store. */
  #storeFor(purpose: string): WrappedKeyStore {
    return purpose.startsWith(SUBJECT_PREFIX) ? this.#vault() : this.#store;
  }

  #stateStore(): TenantKeyStateStore {
    if (this.#keyStates === undefined) throw new SealdeskError('internal', { detail: 'this key ring has no tenant key states' });
    return this.#keyStates;
  }

  async #admit(scope: string, justification: UnwrapJustification): Promise<void> {
    await this.#assertEnabled(scope);
    await this.#guard?.admit(scope, justification);
  }

  /** Fails closed with `key_unavailable` while the scope's tenant key is disabled, and forgets its keys. */
  async #assertEnabled(scope: string): Promise<void> {
    if (this.#keyStates === undefined) return;
    const now = this.#clock.now().getTime();
    let cached = this.#states.get(scope);
    if (cached === undefined || now - cached.loadedAt >= KEY_STATE_CACHE_MS) {
      cached = { state: (await this.#keyStates.get(scope))?.state ?? 'enabled', loadedAt: now };
      this.#states.set(scope, cached);
    }
    if (cached.state === 'enabled') return;
    this.#forgetScope(scope);
    throw new SealdeskError('key_unavailable', {
      detail: `the tenant key of ${scope} is ${cached.state}`,
      userMessage: "This tenant's key is disabled, so its data cannot be read or written until the tenant enables the key again.",
    });
  }

  /** Drops every unwrapped key of the scope from memory. */
  #forgetScope(scope: string): void {
    const prefix = `${JSON.stringify(scope)},`;
    this.#cache.deleteMatching((id) => id.startsWith(`[${prefix}`));
  }

  async #key(scope: string, kind: KeyKind, purpose: string, version: number | 'latest', justification: UnwrapJustification): Promise<SecretKey> {
    const id = JSON.stringify([scope, kind, purpose, version]);
    const cached = this.#cache.get(id);
    if (cached !== undefined) return cached;
    // Concurrent misses on a tenant key share one unwrap, so one read of many messages is one
    // recorded unwrap. Not the audit signer's: its unwrap runs inside the recording of another.
    if (kind !== 'tenant' || justification.purpose === AUDIT_SIGNING_PURPOSE) return this.#load(id, scope, kind, purpose, version, justification);
    const pending = this.#unwrapping.get(id);
    if (pending) return pending;
    const loading = this.#load(id, scope, kind, purpose, version, justification).finally(() => this.#unwrapping.delete(id));
    this.#unwrapping.set(id, loading);
    return loading;
  }

  async #load(id: string, scope: string, kind: KeyKind, purpose: string, version: number | 'latest', justification: UnwrapJustification): Promise<SecretKey> {
    const store = this.#storeFor(purpose);
    const record = version === 'latest' ? await store.latest(scope, kind, purpose) : await store.get(scope, kind, purpose, version);
    if (record === undefined) {
      throw new SealdeskError('key_unavailable', { detail: `no ${kind} key '${purpose}' version ${version}` });
    }
    // Contexts use what was asked for, so a store returning the wrong row fails to unwrap.
    const keyVersion = version === 'latest' ? record.version : version;
    const material =
      kind === 'tenant'
        ? await this.#unwrapTenantKey(scope, record.wrappedKey, keyVersion, justification)
        : unwrapKey(
            await this.#key(scope, 'tenant', TENANT, record.parentVersion, justification),
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

  /**
   * Unwraps a tenant key with the root key, recorded with its justification in the tenant's log
   * before the key is used (the audit log's own signing key excepted: its log cannot record it).
   */
  async #unwrapTenantKey(scope: string, wrapped: Buffer, version: number, justification: UnwrapJustification): Promise<Buffer> {
    const material = await this.#root.unwrap(wrapped, { scope, version });
    if (justification.purpose === AUDIT_SIGNING_PURPOSE) return material;
    try {
      await this.#guard?.recordUnwrap(scope, version, justification);
      return material;
    } catch (error) {
      material.fill(0);
      throw error;
    }
  }

  /** Inserts version 1 unless present; a concurrent insert that wins is accepted. */
  async #ensure(
    scope: string,
    kind: KeyKind,
    purpose: string,
    wrap: (material: Buffer) => Promise<{ parentVersion: number; wrappedKey: Buffer }>,
    store: WrappedKeyStore = this.#store,
  ): Promise<void> {
    if ((await store.latest(scope, kind, purpose)) !== undefined) return;
    const material = randomBytes(SECRET_KEY_BYTES);
    try {
      const wrapped = await wrap(material);
      const createdAt = this.#clock.now().toISOString();
      await store.insert({ scope, kind, purpose, version: 1, ...wrapped, createdAt });
    } catch (error) {
      if ((await store.get(scope, kind, purpose, 1)) === undefined) throw error;
    } finally {
      material.fill(0);
    }
  }
}

const SUBJECT_PREFIX = 'subject/';

/** A contact's subject key's purpose: one key (and its versions) per contact. */
function subjectPurpose(subject: string): string {
  if (subject.length === 0) throw new SealdeskError('internal', { detail: 'a subject must be a non-empty contact id' });
  return `${SUBJECT_PREFIX}${subject}`;
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
