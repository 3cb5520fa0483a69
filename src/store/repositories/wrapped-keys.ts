import type { Kysely, Selectable } from 'kysely';
import type { KeyCursor, KeyKind, KeyOrigin, WrappedKeyRecord, WrappedKeyStore } from '../../crypto/index.js';
import { eraseDeletedRows } from '../erase-deleted-rows.js';
import type { StoreDialect } from '../open-store.js';
import type { Database, WrappedKeysTable } from '../schema.js';

/** The key ring's storage port over SQLite or PostgreSQL. Holds wrapped keys only. */
export class SqlWrappedKeyStore implements WrappedKeyStore {
  readonly #db: Kysely<Database>;
  readonly #dialect: StoreDialect;

  constructor(db: Kysely<Database>, dialect: StoreDialect) {
    this.#db = db;
    this.#dialect = dialect;
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

  /** Deletes the scope's keys, then erases them from the database files (`eraseDeletedRows`). */
  async destroyScope(scope: string): Promise<number> {
    const result = await this.#db.deleteFrom('wrapped_keys').where('scope', '=', scope).executeTakeFirst();
    await eraseDeletedRows(this.#db, this.#dialect, 'wrapped_keys');
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

/** A stored tenant key version's wrap, for re-wrapping it under a new root key version. */
export interface TenantKeyWrapRow {
  readonly scope: string;
  readonly version: number;
  readonly wrapped_key: Buffer;
}

/** Up to `limit` tenant key versions of every scope, ordered by scope then version, after `after`. */
export async function listTenantKeyWraps(db: Kysely<Database>, after: { readonly scope: string; readonly version: number } | undefined, limit: number): Promise<TenantKeyWrapRow[]> {
  let query = db.selectFrom('wrapped_keys').select(['scope', 'version', 'wrapped_key']).where('kind', '=', 'tenant').where('purpose', '=', 'tenant');
  if (after !== undefined) {
    query = query.where((eb) => eb.or([eb('scope', '>', after.scope), eb.and([eb('scope', '=', after.scope), eb('version', '>', after.version)])]));
  }
  const rows = await query.orderBy('scope').orderBy('version').limit(limit).execute();
  return rows.map((row) => ({ ...row, wrapped_key: Buffer.from(row.wrapped_key) }));
}

/** Replaces a tenant key version's wrap, only while it is still `previous`; whether it did. The key inside is the same. */
export async function replaceTenantKeyWrap(db: Kysely<Database>, row: TenantKeyWrapRow, next: Buffer): Promise<boolean> {
  const result = await db
    .updateTable('wrapped_keys')
    .set({ wrapped_key: next })
    .where('scope', '=', row.scope)
    .where('kind', '=', 'tenant')
    .where('purpose', '=', 'tenant')
    .where('version', '=', row.version)
    .where('wrapped_key', '=', row.wrapped_key)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
