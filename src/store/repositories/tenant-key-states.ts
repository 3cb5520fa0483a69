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
    const values = { state: state.state, changed_at: state.changedAt, changed_by: state.changedBy };
    await this.#db
      .insertInto('tenant_key_states')
      .values({ tenant_id: state.scope, ...values })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
      .execute();
  }
}
