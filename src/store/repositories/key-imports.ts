import type { Kysely, Selectable } from 'kysely';
import type { Database, KeyImportKeysTable, KeyImportTokensTable } from '../schema.js';

export type KeyImportKeyRow = Selectable<KeyImportKeysTable>;
export type KeyImportTokenRow = Selectable<KeyImportTokensTable>;

/** The installation's newest import wrapping key, if it has one yet. */
export async function findLatestKeyImportKey(db: Kysely<Database>): Promise<KeyImportKeyRow | undefined> {
  return db.selectFrom('key_import_keys').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
}

export async function findKeyImportKey(db: Kysely<Database>, id: string): Promise<KeyImportKeyRow | undefined> {
  return db.selectFrom('key_import_keys').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertKeyImportKey(db: Kysely<Database>, row: KeyImportKeyRow): Promise<void> {
  await db.insertInto('key_import_keys').values(row).execute();
}

export async function insertKeyImportToken(db: Kysely<Database>, row: KeyImportTokenRow): Promise<void> {
  await db.insertInto('key_import_tokens').values(row).execute();
}

/** The tenant's import token `id`; another tenant's is absent. */
export async function findKeyImportToken(db: Kysely<Database>, tenantId: string, id: string): Promise<KeyImportTokenRow | undefined> {
  return db.selectFrom('key_import_tokens').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/** Marks the token used by the import that made tenant key `version`, if it was not used yet; whether it did. */
export async function useKeyImportToken(db: Kysely<Database>, tenantId: string, id: string, usedAt: string, version: number): Promise<boolean> {
  const result = await db
    .updateTable('key_import_tokens')
    .set({ used_at: usedAt, used_version: version })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
