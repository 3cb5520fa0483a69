import type { Kysely, Selectable } from 'kysely';
import type { KeyCursor, KeyKind, KeyOrigin, WrappedKeyRecord, WrappedKeyStore } from '../../crypto/index.js';
import type { Database, WrappedKeysTable } from '../schema.js';

/** The key ring's storage port over SQLite or PostgreSQL. Holds wrapped keys only. */
export class SqlWrappedKeyStore implements WrappedKeyStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async latest(scope: string, kind: KeyKind, purpose: string): Promise<WrappedKeyRecord | undefined> {
    const row = await this.#db
      .selectFrom('wrapped_keys')
      .selectAll()
      .where('scope', '=', scope)
      .where('kind', '=', kind)
      .where('purpose', '=', purpose)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async get(scope: string, kind: KeyKind, purpose: string, version: number): Promise<WrappedKeyRecord | undefined> {
    const row = await this.#db
      .selectFrom('wrapped_keys')
      .selectAll()
      .where('scope', '=', scope)
      .where('kind', '=', kind)
      .where('purpose', '=', purpose)
      .where('version', '=', version)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async insert(record: WrappedKeyRecord): Promise<void> {
    await this.#db
      .insertInto('wrapped_keys')
      .values({
        scope: record.scope,
        kind: record.kind,
        purpose: record.purpose,
        version: record.version,
        parent_version: record.parentVersion,
        wrapped_key: record.wrappedKey,
        created_at: record.createdAt,
        origin: record.origin ?? 'generated',
      })
      .execute();
  }

  async list(scope: string, kind: KeyKind, after: KeyCursor | undefined, limit: number): Promise<WrappedKeyRecord[]> {
    let query = this.#db.selectFrom('wrapped_keys').selectAll().where('scope', '=', scope).where('kind', '=', kind);
    if (after !== undefined) {
      query = query.where((eb) => eb.or([eb('purpose', '>', after.purpose), eb.and([eb('purpose', '=', after.purpose), eb('version', '>', after.version)])]));
    }
    const rows = await query.orderBy('purpose').orderBy('version').limit(limit).execute();
    return rows.map(toRecord);
  }

  async rewrap(record: WrappedKeyRecord, previousParentVersion: number): Promise<boolean> {
    const result = await this.#db
      .updateTable('wrapped_keys')
      .set({ wrapped_key: record.wrappedKey, parent_version: record.parentVersion })
      .where('scope', '=', record.scope)
      .where('kind', '=', record.kind)
      .where('purpose', '=', record.purpose)
      .where('version', '=', record.version)
      .where('parent_version', '=', previousParentVersion)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async destroyScope(scope: string): Promise<number> {
    const result = await this.#db.deleteFrom('wrapped_keys').where('scope', '=', scope).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function toRecord(row: Selectable<WrappedKeysTable>): WrappedKeyRecord {
  return {
    scope: row.scope,
    kind: row.kind as KeyKind,
    purpose: row.purpose,
    version: row.version,
    parentVersion: row.parent_version,
    wrappedKey: Buffer.from(row.wrapped_key),
    createdAt: row.created_at,
    origin: row.origin as KeyOrigin,
  };
}

/** A tenant key version as the tenant may see it: no key bytes. */
export interface TenantKeyVersionRow {
  readonly version: number;
  readonly origin: string;
  readonly created_at: string;
}

/** The versions of a tenant's key, oldest first. */
export async function listTenantKeyVersions(db: Kysely<Database>, tenantId: string): Promise<TenantKeyVersionRow[]> {
  return db
    .selectFrom('wrapped_keys')
    .select(['version', 'origin', 'created_at'])
    .where('scope', '=', tenantId)
    .where('kind', '=', 'tenant')
    .where('purpose', '=', 'tenant')
    .orderBy('version')
    .execute();
}
