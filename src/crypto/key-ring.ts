import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../common/index.js';
import { SealdeskError } from '../errors/index.js';
import type { Binding } from './binding.js';
import { decodeEnvelope } from './envelope.js';
import { hkdfSha256 } from './hkdf-sha256.js';
import { hmacSha256 } from './hmac-sha256.js';
import { KeyCache, type KeyCacheStats } from './key-cache.js';
import { lengthPrefixed } from './length-prefixed.js';
import { openEnvelope } from './open-envelope.js';
import type { RootKeyProvider } from './root-key-provider.js';
import type { TenantKeyWrappers } from './tenant-key-wrappers.js';
import { sealEnvelope } from './seal-envelope.js';
import { keyMaterial, SECRET_KEY_BYTES, SecretKey } from './secret-key.js';
import { unwrapKey, wrapKey } from './wrap-key.js';
import { AUDIT_SIGNING_PURPOSE, systemJustification, type UnwrapGuard, type UnwrapJustification } from './unwrap-justification.js';
import type { KeyCursor, KeyKind, SubjectKeyVault, WrappedKeyRecord, WrappedKeyStore } from './wrapped-key-store.js';
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
  /** At most this many unwrapped keys stay in memory; the least recently used goes first. Default 10,000. */
  cacheMaxKeys?: number;
  /**
   * How long the choice of a key's latest version is kept: a rotation made by another process
   * (the CLI beside `serve`) is used for new writes here within this bound. Default 5 seconds.
   */
  latestTtlMs?: number;
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
  /**
   * Who wraps each tenant key version (customer-managed keys); checked for availability on every
   * use. Without it the root key provider wraps them all.
   */
  wrappers?: TenantKeyWrappers;
}

/** What a rotation renews: `tenant` the tenant key and the content key, `data` the content key only. */
export type RotationLevel = 'tenant' | 'data';

/** A scope's latest key versions. Subject keys follow the content key's version (see `seal`). */
export interface KeyVersions {
  readonly tenant: number;
  readonly content: number;
}

/** One batch of `rewrapDataKeys`: how many keys it looked at and re-wrapped, and where to go on. */
export interface RewrapBatch {
  readonly scanned: number;
  readonly rewrapped: number;
  /** Undefined when no key is left. */
  readonly next: KeyCursor | undefined;
}

/**
 * The key hierarchy (root → tenant key → data keys) and the only way the rest of Sealdesk
 * encrypts. Keys are unwrapped on demand and kept in memory only, bounded in time and count.
 * Fails closed: a key that cannot be found or unwrapped throws `key_unavailable`; a ciphertext
 * that does not authenticate for its binding throws `decryption_failed`.
 */
export class KeyRing {
  readonly #store: WrappedKeyStore;
  readonly #clock: Clock;
  readonly #cache: KeyCache;
  readonly #guard: UnwrapGuard | undefined;
  readonly #subjectKeys: SubjectKeyVault | undefined;
  readonly #keyStates: TenantKeyStateStore | undefined;
  readonly #wrappers: TenantKeyWrappers;
  readonly #states = new Map<string, { readonly state: TenantKeyStateName; readonly loadedAt: number }>();
  readonly #unwrapping = new Map<string, Promise<SecretKey>>();
  readonly #latest = new Map<string, { version: number; expiresAt: number }>();
  readonly #latestTtlMs: number;

  constructor(options: KeyRingOptions) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#cache = new KeyCache(options.clock, options.cacheTtlMs ?? 5 * 60_000, options.cacheMaxKeys ?? 10_000);
    this.#guard = options.guard;
    this.#subjectKeys = options.subjectKeys;
    this.#keyStates = options.keyStates;
    const root = options.root;
    this.#wrappers = options.wrappers ?? { providerFor: async () => root, assertAvailable: async () => undefined };
    this.#latestTtlMs = options.latestTtlMs ?? 5_000;
  }

  /** Creates tenant key v1 and data keys v1 ('content', 'blind-index', 'tokens') where absent. Idempotent. */
  async ensureScope(scope: string): Promise<void> {
    if ((await this.#keyStates?.get(scope))?.state === 'destroyed') throw keyDestroyed(scope);
    const justification = systemJustification('keys', 'create-scope-keys');
    if ((await this.#store.latest(scope, 'tenant', TENANT)) === undefined) {
      await this.#ensure(scope, 'tenant', TENANT, 1, async (material) => ({
        parentVersion: 0,
        wrappedKey: await (await this.#wrappers.providerFor(scope, 1)).wrap(material, { scope, version: 1 }),
      }));
    }
    for (const purpose of DATA_KEY_PURPOSES) {
      if ((await this.#store.latest(scope, 'data', purpose)) !== undefined) continue;
      await this.#ensure(scope, 'data', purpose, 1, (material) => this.#wrapDataKey(scope, purpose, 1, material, justification));
    }
  }

  /** How the cache of unwrapped keys has served since this key ring was made (counts only). */
  cacheStats(): KeyCacheStats {
    return this.#cache.stats();
  }

  /** The scope's latest tenant and content key versions, read from the store (nothing is unwrapped). */
  async versions(scope: string): Promise<KeyVersions> {
    const [tenant, content] = await Promise.all([this.#store.latest(scope, 'tenant', TENANT), this.#store.latest(scope, 'data', CONTENT)]);
    if (tenant === undefined || content === undefined) {
      if ((await this.#keyStates?.get(scope))?.state === 'destroyed') throw keyDestroyed(scope);
      throw new SealdeskError('key_unavailable', { detail: `scope ${scope} has no keys` });
    }
    return { tenant: tenant.version, content: content.version };
  }

  /**
   * Rotates `scope`'s keys: a new content key version (level `data`), wrapped under a new tenant
   * key version first (level `tenant`). New writes use them at once in this process, and in any
   * other within `latestTtlMs`; older versions stay, so everything sealed before still opens
   * (`reseal` and `rewrapDataKeys` then move old data onto the new versions). Blind-index and
   * token keys keep their version: rotating them would change every index and invalidate every
   * contact token. Two concurrent rotations of a scope: one fails (its insert conflicts).
   */
  async rotate(scope: string, level: RotationLevel, justification: UnwrapJustification): Promise<KeyVersions> {
    return this.#newVersions(scope, level, justification, undefined);
  }

  /**
   * BYOK: a tenant-level rotation whose new tenant key is `material` (exactly 32 bytes the tenant
   * generated), stored with origin `imported` and wrapped by the root key provider like any tenant
   * key, and a new content key under it. The caller then re-wraps the older data keys
   * (`rewrapDataKeys`) as after `rotate`. `material` is copied, not kept; zero it after.
   */
  async importTenantKey(scope: string, material: Uint8Array, justification: UnwrapJustification): Promise<KeyVersions> {
    if (material.length !== SECRET_KEY_BYTES) throw new SealdeskError('invalid_key_import', { detail: `imported key is ${material.length} bytes, not ${SECRET_KEY_BYTES}` });
    return this.#newVersions(scope, 'tenant', justification, material);
  }

  async #newVersions(scope: string, level: RotationLevel, justification: UnwrapJustification, imported: Uint8Array | undefined): Promise<KeyVersions> {
    await this.#admit(scope, justification);
    const current = await this.versions(scope);
    const tenant = level === 'tenant' ? current.tenant + 1 : current.tenant;
    if (level === 'tenant') {
      const wrapper = await this.#wrappers.providerFor(scope, tenant);
      const wrap: KeyWrapper = async (material) => ({ parentVersion: 0, wrappedKey: await wrapper.wrap(material, { scope, version: tenant }) });
      await this.#insertNew(scope, 'tenant', TENANT, tenant, wrap, this.#store, imported);
      this.#forgetLatest(scope);
    }
    const content = current.content + 1;
    await this.#insertNew(scope, 'data', CONTENT, content, (material) => this.#wrapDataKey(scope, CONTENT, content, material, justification));
    this.#forgetLatest(scope);
    return { tenant, content };
  }

  /**
   * Rotation's re-encryption of one value: `envelope` opened and sealed again under the latest
   * version of its key — the content key, or for a binding with a subject, the subject key of the
   * latest generation (data sealed before subject keys existed moves to its subject key). Undefined
   * when it already is under that version.
   */
  async reseal(envelope: Uint8Array, binding: Binding, justification: UnwrapJustification): Promise<Buffer | undefined> {
    await this.#admit(binding.tenant, justification);
    const decoded = decodeEnvelope(envelope);
    const generation = await this.#latestVersion(binding.tenant, 'data', CONTENT);
    if (binding.subject === undefined) {
      if (decoded.keyId === CONTENT && decoded.keyVersion >= generation) return undefined;
    } else if (decoded.keyId === SUBJECT && decoded.keyVersion >= generation) {
      return undefined;
    }
    const plaintext = await this.open(envelope, binding, justification);
    try {
      return await this.seal(plaintext, binding, justification);
    } finally {
      plaintext.fill(0);
    }
  }

  /**
   * Rotation's re-wrap, one batch: up to `limit` of `scope`'s data keys in the store after `after`
   * that a tenant key older than the latest wraps are wrapped again under the latest. A key
   * rewrapped meanwhile by someone else is left as it is. Subject keys in the vault are not
   * re-wrapped: a database backup made before the rotation holds only the older tenant key, and
   * restored beside today's vault it must still open them (`reseal` moves live data onto new
   * subject key versions under the new tenant key).
   */
  async rewrapDataKeys(scope: string, after: KeyCursor | undefined, limit: number, justification: UnwrapJustification): Promise<RewrapBatch> {
    await this.#admit(scope, justification);
    const store = this.#store;
    const records = await store.list(scope, 'data', after, limit);
    const tenantKey = await this.#key(scope, 'tenant', TENANT, (await this.versions(scope)).tenant, justification);
    let rewrapped = 0;
    for (const record of records) {
      if (record.parentVersion >= tenantKey.version) continue;
      if (await store.rewrap(await this.#rewrapped(record, tenantKey, justification), record.parentVersion)) rewrapped += 1;
    }
    const last = records.at(-1);
    return { scanned: records.length, rewrapped, next: records.length < limit || last === undefined ? undefined : { purpose: last.purpose, version: last.version } };
  }

  /**
   * Encrypts under the latest 'content' key of `binding.tenant`, bound to `binding` — or, when
   * the binding names a subject, under that contact's subject key (created on first use).
   */
  async seal(plaintext: Uint8Array | string, binding: Binding, justification: UnwrapJustification): Promise<Buffer> {
    await this.#admit(binding.tenant, justification);
    const generation = await this.#latestVersion(binding.tenant, 'data', CONTENT);
    if (binding.subject !== undefined) {
      const purpose = subjectPurpose(binding.subject);
      const version = await this.#subjectKeyVersion(binding.tenant, purpose, generation, justification);
      const key = await this.#key(binding.tenant, 'data', purpose, version, justification);
      return sealEnvelope(key, SUBJECT, toBytes(plaintext), binding);
    }
    const key = await this.#key(binding.tenant, 'data', CONTENT, generation, justification);
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

  /**
   * Destroys the scope's tenant key for good: its state becomes `destroyed` (which nothing undoes,
   * so every later use anywhere fails with `key_destroyed`), then every version of the tenant key
   * and of every data key under it is deleted from the store, and every subject key of the scope
   * from the subject-key vault — which no backup holds, so what was sealed to those cannot be read
   * from a backup made before either. Idempotent: run again, it deletes whatever is left.
   * Unwraps nothing, so it takes no justification; the caller decides who may (two-person rule).
   */
  async destroyTenantKey(scope: string, destroyedBy: string): Promise<{ readonly keys: number; readonly subjectKeys: number }> {
    await this.setTenantKeyState({ scope, state: 'destroyed', changedAt: this.#clock.now().toISOString(), changedBy: destroyedBy });
    this.#forgetLatest(scope);
    const subjectKeys = await this.#vault().destroyScope(scope);
    const keys = await this.#store.destroyScope(scope);
    this.#forgetScope(scope);
    return { keys, subjectKeys };
  }

  /**
   * Fails as any use of the scope's keys would while its tenant key is disabled or destroyed, or
   * its customer-managed key cannot be used (within the same bounds); unwraps nothing. For what
   * holds something unsealed under the scope's keys in memory (the audit log's signer).
   */
  async assertUsable(scope: string): Promise<void> {
    await this.#assertEnabled(scope);
    await this.#assertWrapperAvailable(scope);
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
    const key = await this.#key(scope, 'data', BLIND_INDEX, await this.#latestVersion(scope, 'data', BLIND_INDEX), justification);
    return keyedHmac(key, `sealdesk/blind-index/v1/${field}`, toBytes(value)).toString('hex');
  }

  /**
   * HMAC-SHA256 of `data` under a subkey HKDF-derived from the scope's latest 'tokens' key, info
   * `sealdesk/mac/v1/<purpose>`. MACs made before a 'tokens' key rotation stop verifying.
   */
  async mac(scope: string, purpose: string, data: Uint8Array | string, justification: UnwrapJustification): Promise<Buffer> {
    await this.#admit(scope, justification);
    const key = await this.#key(scope, 'data', TOKENS, await this.#latestVersion(scope, 'data', TOKENS), justification);
    return keyedHmac(key, `sealdesk/mac/v1/${purpose}`, toBytes(data));
  }

  /** Whether `mac` is `mac(scope, purpose, data)`, compared in constant time. */
  async verifyMac(scope: string, purpose: string, data: Uint8Array | string, mac: Uint8Array, justification: UnwrapJustification): Promise<boolean> {
    const expected = await this.mac(scope, purpose, data, justification);
    return mac.length === expected.length && timingSafeEqual(expected, mac);
  }

  /** Drops every unwrapped key, and every choice of latest version, from memory. */
  clearCache(): void {
    this.#cache.clear();
    this.#latest.clear();
  }

  /** `version` of a data key, wrapped under the scope's latest tenant key. */
  async #wrapDataKey(scope: string, purpose: string, version: number, material: Buffer, justification: UnwrapJustification): Promise<{ parentVersion: number; wrappedKey: Buffer }> {
    const tenantKey = await this.#key(scope, 'tenant', TENANT, await this.#latestVersion(scope, 'tenant', TENANT), justification);
    return { parentVersion: tenantKey.version, wrappedKey: wrapKey(tenantKey, material, dataKeyContext(scope, purpose, version, tenantKey.version)) };
  }

  /** `record` (a data key) wrapped again under `tenantKey`: unwrapped with its own parent, the material never leaves this function. */
  async #rewrapped(record: WrappedKeyRecord, tenantKey: SecretKey, justification: UnwrapJustification): Promise<WrappedKeyRecord> {
    const parent = await this.#key(record.scope, 'tenant', TENANT, record.parentVersion, justification);
    const material = unwrapKey(parent, record.wrappedKey, dataKeyContext(record.scope, record.purpose, record.version, record.parentVersion));
    try {
      const wrappedKey = wrapKey(tenantKey, material, dataKeyContext(record.scope, record.purpose, record.version, tenantKey.version));
      return { ...record, parentVersion: tenantKey.version, wrappedKey };
    } finally {
      material.fill(0);
    }
  }

  #forgetLatest(scope: string): void {
    const prefix = JSON.stringify([scope]).slice(0, -1);
    for (const id of [...this.#latest.keys()]) if (id.startsWith(prefix)) this.#latest.delete(id);
  }

  /** The latest version of a key, kept for `latestTtlMs`. Throws `key_unavailable` if there is none. */
  async #latestVersion(scope: string, kind: KeyKind, purpose: string): Promise<number> {
    const id = JSON.stringify([scope, kind, purpose]);
    const now = this.#clock.now().getTime();
    const cached = this.#latest.get(id);
    if (cached !== undefined && cached.expiresAt > now) return cached.version;
    const record = await this.#storeFor(purpose).latest(scope, kind, purpose);
    if (record === undefined) throw new SealdeskError('key_unavailable', { detail: `no ${kind} key '${purpose}'` });
    this.#latest.set(id, { version: record.version, expiresAt: now + this.#latestTtlMs });
    return record.version;
  }

  /**
   * The subject key version to seal with: the subject's latest, made anew (in the vault) when
   * it has none or one older than the content key's version `generation` — so a rotation renews
   * each contact's key at its first write after it, and `reseal` knows which version is current.
   */
  async #subjectKeyVersion(scope: string, purpose: string, generation: number, justification: UnwrapJustification): Promise<number> {
    const vault = this.#vault();
    const latest = await vault.latest(scope, 'data', purpose);
    if (latest !== undefined && latest.version >= generation) return latest.version;
    await this.#ensure(scope, 'data', purpose, generation, (material) => this.#wrapDataKey(scope, purpose, generation, material, justification), vault);
    return generation;
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
    await this.#assertWrapperAvailable(scope);
    await this.#guard?.admit(scope, justification);
  }

  /** Fails closed with `key_unavailable` while the scope's customer-managed key cannot be used, and forgets its keys. */
  async #assertWrapperAvailable(scope: string): Promise<void> {
    try {
      await this.#wrappers.assertAvailable(scope);
    } catch (error) {
      this.#forgetScope(scope);
      throw error;
    }
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
    if (cached.state === 'destroyed') throw keyDestroyed(scope);
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

  async #key(scope: string, kind: KeyKind, purpose: string, version: number, justification: UnwrapJustification): Promise<SecretKey> {
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

  async #load(id: string, scope: string, kind: KeyKind, purpose: string, keyVersion: number, justification: UnwrapJustification): Promise<SecretKey> {
    const record = await this.#storeFor(purpose).get(scope, kind, purpose, keyVersion);
    if (record === undefined) {
      throw new SealdeskError('key_unavailable', { detail: `no ${kind} key '${purpose}' version ${keyVersion}` });
    }
    // Contexts use what was asked for, so a store returning the wrong row fails to unwrap.
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
   * Unwraps a tenant key with what wraps it (the root key, or the tenant's customer-managed key),
   * before the key is used (the audit log's own signing key excepted: its log cannot record it).
   */
  async #unwrapTenantKey(scope: string, wrapped: Buffer, version: number, justification: UnwrapJustification): Promise<Buffer> {
    const material = await (await this.#wrappers.providerFor(scope, version)).unwrap(wrapped, { scope, version });
    if (justification.purpose === AUDIT_SIGNING_PURPOSE) return material;
    try {
      await this.#guard?.recordUnwrap(scope, version, justification);
      return material;
    } catch (error) {
      material.fill(0);
      throw error;
    }
  }

  /** Inserts a fresh key as `version`; a concurrent insert of that version that wins is accepted. */
  async #ensure(scope: string, kind: KeyKind, purpose: string, version: number, wrap: KeyWrapper, store: WrappedKeyStore = this.#store): Promise<void> {
    try {
      await this.#insertNew(scope, kind, purpose, version, wrap, store);
    } catch (error) {
      if ((await store.get(scope, kind, purpose, version)) === undefined) throw error;
    }
  }

  /** Inserts a fresh key as `version` (or a copy of `imported`, origin `imported`); rejects if that version exists. */
  async #insertNew(scope: string, kind: KeyKind, purpose: string, version: number, wrap: KeyWrapper, store: WrappedKeyStore = this.#store, imported?: Uint8Array): Promise<void> {
    const material = imported === undefined ? randomBytes(SECRET_KEY_BYTES) : Buffer.from(imported);
    try {
      const wrapped = await wrap(material);
      const origin = imported === undefined ? 'generated' : 'imported';
      await store.insert({ scope, kind, purpose, version, ...wrapped, createdAt: this.#clock.now().toISOString(), origin });
    } finally {
      material.fill(0);
    }
  }
}

function keyDestroyed(scope: string): SealdeskError {
  return new SealdeskError('key_destroyed', { detail: `the tenant key of ${scope} is destroyed` });
}

/** Wraps fresh key material for storage. */
type KeyWrapper = (material: Buffer) => Promise<{ parentVersion: number; wrappedKey: Buffer }>;

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
