import type { Kysely } from 'kysely';
import { TENANT_KEY_STATES, type TenantKeyState, type TenantKeyStateName, type TenantKeyStateStore } from '../../crypto/index.js';
import { SealdeskError } from '../../errors/index.js';
import type { Database } from '../schema.js';

/** The key ring's tenant key states over SQLite or PostgreSQL, shared by every process. */
export class SqlTenantKeyStateStore implements TenantKeyStateStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async get(scope: string): Promise<TenantKeyState | undefined> {
    const row = await this.#db.selectFrom('tenant_key_states').selectAll().where('tenant_id', '=', scope).executeTakeFirst();
    if (!row) return undefined;
    if (!(TENANT_KEY_STATES as readonly string[]).includes(row.state)) {
      throw new SealdeskError('internal', { detail: `tenant ${scope} has an unknown key state` });
    }
    return { scope, state: row.state as TenantKeyStateName, changedAt: row.changed_at, changedBy: row.changed_by };
  }

  async set(state: TenantKeyState): Promise<void> {
    await setTenantKeyState(this.#db, state);
  }
}

/**
 * Stores a tenant key state (see `TenantKeyStateStore.set`) on `db`, which may be a transaction:
 * one conditional upsert, so a concurrent `destroyed` is never overwritten.
 */
export async function setTenantKeyState(db: Kysely<Database>, state: TenantKeyState): Promise<void> {
  const values = { state: state.state, changed_at: state.changedAt, changed_by: state.changedBy };
  const result = await db
    .insertInto('tenant_key_states')
    .values({ tenant_id: state.scope, ...values })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values).where('tenant_key_states.state', '<>', 'destroyed'))
    .executeTakeFirst();
  if ((result.numInsertedOrUpdatedRows ?? 0n) === 0n && state.state !== 'destroyed') {
    throw new SealdeskError('key_destroyed', { detail: `the tenant key of ${state.scope} is destroyed` });
  }
}

/** The tenants whose key is destroyed. */
export async function listDestroyedTenantKeys(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('tenant_key_states').select('tenant_id').where('state', '=', 'destroyed').orderBy('tenant_id').execute();
  return rows.map((row) => row.tenant_id);
}

/** The tenants whose key is destroyed but who still have wrapped keys: a destruction a crash interrupted. */
export async function listUnfinishedKeyDestructions(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom('tenant_key_states')
    .select('tenant_id')
    .where('state', '=', 'destroyed')
    .where((eb) => eb.exists(eb.selectFrom('wrapped_keys').select('scope').whereRef('wrapped_keys.scope', '=', 'tenant_key_states.tenant_id')))
    .orderBy('tenant_id')
    .execute();
  return rows.map((row) => row.tenant_id);
}
