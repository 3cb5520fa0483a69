import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../common/index.js';
import {
  KEY_STATE_CACHE_MS,
  openPkcs11RootKey,
  systemJustification,
  type KeyRing,
  type Pkcs11RootKeyProvider,
  type RootKeyProvider,
  type TenantKeyWrappers,
} from '../../crypto/index.js';
import { SealdeskError } from '../../errors/index.js';
import { findCustomerManagedKeyFor, findLatestCustomerManagedKey, type CustomerManagedKeyRow, type Database } from '../../store/index.js';
import { customerKeyPinBinding, INSTALLATION_SCOPE } from './customer-key-binding.js';

export interface CustomerKeyWrappersOptions {
  readonly db: Kysely<Database>;
  /** Wraps every tenant key version no customer-managed key covers, and the installation's own. */
  readonly root: RootKeyProvider;
  readonly clock: Clock;
  /** `SEALDESK_CUSTOMER_KEY_MODULES`: the only PKCS#11 libraries a customer-managed key may be reached through. */
  readonly allowedModules: readonly string[];
  /** The key ring that opens the sealed PINs (under the installation's scope); it is built after this. */
  readonly keyRing: () => KeyRing;
}

/**
 * Tenant keys wrapped by the tenant's own AES-256 key on its PKCS#11 token, from the version it
 * was adopted at (`customer_managed_keys`), and by the root key before that and for every other
 * tenant. Each adopted key is opened on first use — its library must still be allowed, its PIN is
 * unsealed under the installation's scope, and the key on the token must carry the `CKA_ID` it
 * had when adopted — and its session kept until `close()`.
 *
 * Availability: at most every `KEY_STATE_CACHE_MS` per tenant, the latest adopted key wraps and
 * unwraps a random probe on the token. A tenant that pulls its key (withdraws its encrypt or
 * decrypt permission, deletes it, changes the PIN, takes the token away) makes every use of its
 * keys fail with `key_unavailable` within that bound — the key ring then forgets its unwrapped
 * keys — and gets them back the same way once the key is usable again.
 */
export class CustomerKeyWrappers implements TenantKeyWrappers {
  readonly #options: CustomerKeyWrappersOptions;
  readonly #opened = new Map<string, Promise<Pkcs11RootKeyProvider>>();
  readonly #checks = new Map<string, { readonly checkedAt: number; readonly outcome: Promise<void> }>();

  constructor(options: CustomerKeyWrappersOptions) {
    this.#options = options;
  }

  /** The PKCS#11 libraries a tenant may adopt a key through. */
  get allowedModules(): readonly string[] {
    return this.#options.allowedModules;
  }

  async providerFor(scope: string, version: number): Promise<RootKeyProvider> {
    if (scope === INSTALLATION_SCOPE) return this.#options.root;
    const adopted = await findCustomerManagedKeyFor(this.#options.db, scope, version);
    return adopted === undefined ? this.#options.root : this.#open(adopted);
  }

  assertAvailable(scope: string): Promise<void> {
    if (scope === INSTALLATION_SCOPE) return Promise.resolve();
    const now = this.#options.clock.now().getTime();
    const last = this.#checks.get(scope);
    if (last !== undefined && now - last.checkedAt < KEY_STATE_CACHE_MS) return last.outcome;
    const outcome = this.#check(scope);
    outcome.catch(() => undefined);
    this.#checks.set(scope, { checkedAt: now, outcome });
    return outcome;
  }

  /** Forgets the last availability check of `scope`, so the next use checks again (after an adoption). */
  forget(scope: string): void {
    this.#checks.delete(scope);
  }

  /** Ends every session opened on a tenant's token. */
  async close(): Promise<void> {
    const opened = [...this.#opened.values()];
    this.#opened.clear();
    await Promise.all(opened.map(async (provider) => (await provider.catch(() => undefined))?.close()));
  }

  async #check(scope: string): Promise<void> {
    const adopted = await findLatestCustomerManagedKey(this.#options.db, scope);
    if (adopted === undefined) return;
    const provider = await this.#open(adopted);
    try {
      await probe(provider, scope);
    } catch (error) {
      await this.#drop(adopted);
      throw customerKeyUnavailable('its token refused a test wrap and unwrap', error);
    }
  }

  #open(adopted: CustomerManagedKeyRow): Promise<Pkcs11RootKeyProvider> {
    const id = openedId(adopted);
    const existing = this.#opened.get(id);
    if (existing !== undefined) return existing;
    const opening = this.#openNew(adopted);
    this.#opened.set(id, opening);
    opening.catch(() => this.#opened.delete(id));
    return opening;
  }

  async #openNew(adopted: CustomerManagedKeyRow): Promise<Pkcs11RootKeyProvider> {
    if (!this.#options.allowedModules.includes(adopted.module)) {
      throw customerKeyUnavailable(`its PKCS#11 library ${adopted.module} is no longer in SEALDESK_CUSTOMER_KEY_MODULES`);
    }
    const justification = systemJustification('keys', 'open-customer-managed-key');
    const pin = await this.#options.keyRing().openText(adopted.pin_enc, customerKeyPinBinding(adopted.tenant_id, adopted.from_version), justification);
    let provider: Pkcs11RootKeyProvider;
    try {
      provider = await openPkcs11RootKey({ module: adopted.module, token: { label: adopted.token_label }, pin, keyLabel: adopted.key_label });
    } catch (error) {
      throw customerKeyUnavailable(error instanceof SealdeskError ? error.userMessage.replace(/\.$/, '') : 'its token could not be opened', error);
    }
    if (provider.keyId !== adopted.key_id) {
      await provider.close();
      throw customerKeyUnavailable(`the key labelled "${adopted.key_label}" on its token is ${provider.keyId}, not the key ${adopted.key_id} it adopted`);
    }
    return provider;
  }

  async #drop(adopted: CustomerManagedKeyRow): Promise<void> {
    const id = openedId(adopted);
    const opened = this.#opened.get(id);
    this.#opened.delete(id);
    await (await opened?.catch(() => undefined))?.close();
  }
}

/** Wraps and unwraps 32 random bytes, bound to a context no tenant key uses (version 0). */
export async function probe(provider: RootKeyProvider, scope: string): Promise<void> {
  const sample = randomBytes(32);
  const context = { scope: `${scope}/availability-probe`, version: 0 };
  const back = await provider.unwrap(await provider.wrap(sample, context), context);
  if (!timingSafeEqual(back, sample)) throw new SealdeskError('key_unavailable', { detail: 'the probe did not come back' });
}

function openedId(adopted: CustomerManagedKeyRow): string {
  return `${adopted.tenant_id}/${adopted.from_version}`;
}

function customerKeyUnavailable(why: string, cause?: unknown): SealdeskError {
  return new SealdeskError('key_unavailable', {
    detail: `customer-managed key unavailable: ${why}`,
    userMessage: `This tenant's customer-managed key cannot be used (${why}), so its data cannot be read or written until the tenant makes the key usable again.`,
    cause,
  });
}
