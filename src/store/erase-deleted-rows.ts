import { sql, type Kysely } from 'kysely';
import type { StoreDialect } from './open-store.js';
import type { Database } from './schema.js';

/**
 * Makes rows just deleted from `table` unrecoverable from the live database files, for deletions
 * that must destroy (a tenant key). SQLite: every connection has `secure_delete` on, so the deleted
 * cells are zeroed in the pages written; a `TRUNCATE` checkpoint then copies those pages into the
 * database file and empties the write-ahead log, which still held the pages as they were (it waits
 * up to the busy timeout for readers; if one keeps it from finishing, the log's old frames are
 * overwritten as the log is reused). PostgreSQL: `VACUUM FULL` rewrites the table
 * into new files and drops the old ones, which held the dead rows (its write-ahead log segments
 * and any archive of them are the operator's, like backups). Run outside a transaction.
 */
export async function eraseDeletedRows(db: Kysely<Database>, dialect: StoreDialect, table: keyof Database): Promise<void> {
  if (dialect === 'postgres') await sql`vacuum full ${sql.table(table)}`.execute(db);
  else await sql`pragma wal_checkpoint(truncate)`.execute(db);
}
