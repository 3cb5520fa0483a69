import { recordAccessEvent, type Principal } from '../access/index.js';
import { OPERATOR_LOG } from '../audit/index.js';
import { newId, type RequestContext } from '../common/index.js';
import type { VersionedRootKeyProvider } from '../crypto/index.js';
import { SealdeskError } from '../errors/index.js';
import { firstCustomerManagedVersions, listTenantKeyWraps, replaceTenantKeyWrap, type TenantKeyWrapRow } from '../store/index.js';
import { readMarker, replaceMarker, type RootKeyProviderName } from './installation-marker.js';
import { rootKeyConfig, type RootKeyOptions } from './installation-root-key.js';
import type { Installation } from './open-installation.js';
import { newestRootKeyVersion } from './root-key-locations.js';
import { createRootKeyVersion } from './root-key-versions.js';

/** `sealdesk keys rotate-root`, `retire-root`, `root-status` and `root-policy` act as the system: whoever runs them holds the root key already. */
export const ROOT_KEY_CLI: Principal = { kind: 'system', id: 'system', job: 'keys-rotate-root' };

/** Tenant key versions looked at per batch. */
const BATCH = 200;

export interface RootKeyRotationProgress {
  readonly pass: number;
  /** Tenant key versions looked at in this pass. */
  readonly scanned: number;
  /** Re-wrapped under the newest root key version so far, in every pass. */
  readonly rewrapped: number;
}

export interface RootKeyRotation {
  /** The newest root key version, which now wraps every tenant key version the root key wraps. */
  readonly rootKey: string;
  /** The newest version's provider. */
  readonly provider: RootKeyProviderName;
  /** The versions before it that are still held (retire them with `keys retire-root`). */
  readonly previous: readonly string[];
  /** Whether this finished the re-wrap of an earlier, interrupted rotation instead of making a new version. */
  readonly resumed: boolean;
  readonly rewrapped: number;
  /** Tenant key versions wrapped by a tenant's customer-managed key: not the root key's to re-wrap. */
  readonly customerManaged: number;
  readonly passes: number;
}

export interface RotateRootKeyOptions extends RewrapOptions, NewRootKeyVersionOptions {
  readonly ticket?: string | undefined;
}

/** What the new version is: `rootKey` and `rootPassphrase` are the settings it is made with. */
export interface NewRootKeyVersionOptions extends RootKeyOptions {
  /** PKCS#11: the label of the new key object (default on the newest version's token: the earliest token key's label with `-N`). */
  readonly keyLabel?: string | undefined;
  /**
   * The provider that makes it, moving the root key there when it is not the newest version's
   * (default: the newest version's). Only the CLI, acting as the system, moves it: the API keeps
   * the provider.
   */
  readonly toProvider?: RootKeyProviderName | undefined;
}

export interface RewrapOptions {
  readonly batchSize?: number | undefined;
  /** Told after every batch; a rejection stops the re-wrap (the rows done so far stay done). */
  readonly onProgress?: ((progress: RootKeyRotationProgress) => void | Promise<void>) | undefined;
}

/** Who makes a new root key version, as its `key.root-rotated` entry names them. */
export interface RootKeyVersionAuthor {
  readonly principal: Principal;
  readonly request: RequestContext;
  /** The rule the entry records: why this author may. */
  readonly rule: string;
  readonly ticket?: string | null | undefined;
  readonly details?: Readonly<Record<string, string>> | undefined;
}

/**
 * Rotates the installation's root key online (`sealdesk keys rotate-root`): a new root key version
 * (`addRootKeyVersion`), then every root-wrapped tenant key version re-wrapped under it
 * (`rewrapUnderNewestRootKey`).
 *
 * Resumable: when some tenant key version is still under an older root key version (an
 * interrupted run), it makes no new version but finishes the re-wrap; rows already under the
 * newest are skipped. The tenant keys inside do not change, so nothing under them is touched.
 */
export async function rotateRootKey(installation: Installation, options: RotateRootKeyOptions = {}): Promise<RootKeyRotation> {
  const { root } = installation;
  await root.reload();
  const resumed = (await countWrappedBy(installation, (keyId) => keyId !== root.keyId)) > 0;
  if (!resumed) {
    const author = { principal: ROOT_KEY_CLI, request: { requestId: newId('request'), channel: 'cli' }, rule: 'system-cli', ticket: options.ticket } as const;
    await addRootKeyVersion(installation, author, options);
  }
  const rewrap = await rewrapUnderNewestRootKey(installation, options);
  const provider = newestRootKeyVersion(await readMarker(installation.paths.marker)).location.provider;
  return { rootKey: root.keyId, provider, previous: root.keyIds.slice(0, -1), resumed, ...rewrap };
}

/**
 * Makes a new root key version (`createRootKeyVersion`: with the newest version's provider, or
 * `options.toProvider`), records `key.root-rotated` in the operator's log by `author` with the
 * provider before and after, and lists it in `installation.json`: from
 * then on this process wraps new keys with it, and any other (`serve`) from its next wrap. The new
 * key is removed again if the entry or the marker cannot be written. Returns the new version's key
 * id and the newest before it.
 */
export async function addRootKeyVersion(
  installation: Installation,
  author: RootKeyVersionAuthor,
  options: NewRootKeyVersionOptions,
): Promise<{ readonly rootKey: string; readonly previous: string }> {
  const { root, paths, clock } = installation;
  await root.reload();
  const previous = root.keyId;
  const marker = await readMarker(paths.marker);
  const previousProvider = newestRootKeyVersion(marker).location.provider;
  const provider = options.toProvider ?? previousProvider;
  const created = await createRootKeyVersion(paths, marker, rootKeyConfig(options), { provider, passphrase: options.rootPassphrase, keyLabel: options.keyLabel, now: clock.now() });
  try {
    await recordAccessEvent(installation, author.principal, author.request, {
      action: 'key.root-rotated',
      tenantId: null,
      outcome: 'allowed',
      rule: author.rule,
      ticket: author.ticket,
      details: { ...author.details, rootKey: created.record.keyId, previous, provider, previousProvider },
    });
    const versions = marker.rootKeyVersions ?? [{ keyId: previous, createdAt: marker.createdAt }];
    await replaceMarker(paths.marker, { ...marker, rootKeyVersions: [...versions, created.record] });
  } catch (error) {
    await created.discard().catch(() => undefined);
    throw error;
  }
  await created.close();
  await root.reload();
  if (root.keyId !== created.record.keyId) throw new SealdeskError('internal', { detail: 'the new root key version did not become the newest' });
  return { rootKey: created.record.keyId, previous };
}

/**
 * Re-wraps every tenant key version of every scope the root key wraps under its newest version:
 * unwrapped with the version that wrapped it, wrapped with the newest, stored only if the row
 * still holds the wrap that was read. Versions wrapped by a tenant's customer-managed key are left
 * alone. Passes over the rows until one re-wraps nothing.
 */
export async function rewrapUnderNewestRootKey(
  installation: Installation,
  options: RewrapOptions = {},
): Promise<{ readonly rewrapped: number; readonly customerManaged: number; readonly passes: number }> {
  const { root } = installation;
  const batchSize = options.batchSize ?? BATCH;
  let rewrapped = 0;
  let customerManaged = 0;
  let passes = 0;
  let passRewrapped: number;
  do {
    passes += 1;
    passRewrapped = 0;
    customerManaged = 0;
    let scanned = 0;
    await forEachBatch(installation, batchSize, async (rows, isCustomerManaged) => {
      for (const row of rows) {
        scanned += 1;
        if (isCustomerManaged(row)) customerManaged += 1;
        else if (root.keyIdOf(row.wrapped_key) !== root.keyId && (await rewrap(installation, root, row))) passRewrapped += 1;
      }
      await options.onProgress?.({ pass: passes, scanned, rewrapped: rewrapped + passRewrapped });
    });
    rewrapped += passRewrapped;
  } while (passRewrapped > 0);
  return { rewrapped, customerManaged, passes };
}

/**
 * Retires an older root key version: `installation.json` marks it retired and no process opens it
 * from its next start (a running one keeps what it holds until then). The key itself — the file
 * `DATA_DIR/<keyId>.key` (`root.key` for the first), or the object on the token — is not deleted:
 * backups made while it wrapped their key still need it, so keep it where those backups can reach
 * it. Refused with `root_key_in_use` for the newest version and for one that still wraps a tenant
 * key version; `invalid_request` for a version the installation does not list.
 */
export async function retireRootKey(installation: Installation, keyId: string, options: { readonly ticket?: string | undefined } = {}): Promise<{ readonly retired: string; readonly rootKey: string }> {
  const { root, paths, clock } = installation;
  const marker = await readMarker(paths.marker);
  const versions = marker.rootKeyVersions ?? [];
  const version = versions.find((candidate) => candidate.keyId === keyId);
  if (version === undefined) {
    throw new SealdeskError('invalid_request', { userMessage: `installation.json lists no root key version ${keyId} (its versions: ${versions.map((v) => v.keyId).join(', ') || 'none, the root key was never rotated'}).` });
  }
  const newest = versions.at(-1)!;
  if (version === newest) throw new SealdeskError('root_key_in_use', { userMessage: `${keyId} is the newest root key version: it wraps new keys.` });
  if (version.retiredAt === undefined) {
    await root.reload();
    const inUse = await countWrappedBy(installation, (wrapper) => wrapper === keyId);
    if (inUse > 0) {
      throw new SealdeskError('root_key_in_use', { userMessage: `${keyId} still wraps ${inUse} tenant key version(s); finish the re-wrap with "sealdesk keys rotate-root" first.` });
    }
    await recordAccessEvent(installation, ROOT_KEY_CLI, { requestId: newId('request'), channel: 'cli' }, {
      action: 'key.root-retired',
      tenantId: null,
      outcome: 'allowed',
      rule: 'system-cli',
      ticket: options.ticket,
      details: { rootKey: keyId, newest: newest.keyId },
    });
    const retiredAt = clock.now().toISOString();
    await replaceMarker(paths.marker, { ...marker, rootKeyVersions: versions.map((candidate) => (candidate === version ? { ...candidate, retiredAt } : candidate)) });
  }
  return { retired: keyId, rootKey: newest.keyId };
}

/** How many tenant key versions each root key version wraps, and how many a customer-managed key wraps instead. */
export async function tallyRootKeyWraps(installation: Installation): Promise<{ readonly byVersion: ReadonlyMap<string, number>; readonly customerManaged: number }> {
  const byVersion = new Map<string, number>();
  let customerManaged = 0;
  await forEachBatch(installation, BATCH, async (rows, isCustomerManaged) => {
    for (const row of rows) {
      if (isCustomerManaged(row)) customerManaged += 1;
      else {
        const keyId = installation.root.keyIdOf(row.wrapped_key);
        byVersion.set(keyId, (byVersion.get(keyId) ?? 0) + 1);
      }
    }
  });
  return { byVersion, customerManaged };
}

/** Tenant key versions the root key wraps (not a customer-managed key) with a root key version `matches`. */
async function countWrappedBy(installation: Installation, matches: (keyId: string) => boolean): Promise<number> {
  const { byVersion } = await tallyRootKeyWraps(installation);
  return [...byVersion].reduce((count, [keyId, wraps]) => (matches(keyId) ? count + wraps : count), 0);
}

/**
 * Visits the tenant key versions of every scope, `batchSize` at a time, each batch with whether a
 * row is wrapped by its tenant's customer-managed key (looked up once per batch).
 */
async function forEachBatch(
  installation: Installation,
  batchSize: number,
  visit: (rows: TenantKeyWrapRow[], isCustomerManaged: (row: TenantKeyWrapRow) => boolean) => Promise<void>,
): Promise<void> {
  const { db } = installation.store;
  for (let after: TenantKeyWrapRow | undefined, full = true; full; ) {
    const rows = await listTenantKeyWraps(db, after, batchSize);
    if (rows.length > 0) {
      const tenants = [...new Set(rows.map((row) => row.scope).filter((scope) => scope !== OPERATOR_LOG))];
      const firstAdopted = await firstCustomerManagedVersions(db, tenants);
      await visit(rows, (row) => row.version >= (firstAdopted.get(row.scope) ?? Number.POSITIVE_INFINITY));
    }
    full = rows.length === batchSize;
    after = rows.at(-1);
  }
}

/** Moves one tenant key version under the newest root key version; false if the row changed meanwhile. */
async function rewrap(installation: Installation, root: VersionedRootKeyProvider, row: TenantKeyWrapRow): Promise<boolean> {
  const context = { scope: row.scope, version: row.version };
  const key = await root.unwrap(row.wrapped_key, context);
  try {
    return await replaceTenantKeyWrap(installation.store.db, row, await root.wrap(key, context));
  } finally {
    key.fill(0);
  }
}
