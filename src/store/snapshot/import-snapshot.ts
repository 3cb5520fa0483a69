import { sql, type Kysely, type Transaction } from 'kysely';
import { SealdeskError } from '../../errors/index.js';
import { migrationProvider } from '../migrations/index.js';
import { connectStore, migrateStore, type StoreLocation } from '../open-store.js';
import type { RowCounts, SnapshotValue } from './export-snapshot.js';
import { listTables, type TableShape } from './table-catalogue.js';

/** A snapshot as `exportSnapshot` produced it: each table's header, then its rows. */
export type SnapshotRecord =
  | { readonly table: string; readonly columns: readonly string[] }
  | { readonly rows: readonly (readonly SnapshotValue[])[] };

export interface SnapshotImport {
  /** The migrations the snapshot's database had applied, in order. */
  readonly migrations: readonly string[];
  readonly records: AsyncIterable<SnapshotRecord>;
}

/** Parameters per INSERT stay well under SQLite's limit of 32,766. */
const MAX_PARAMETERS = 10_000;

/**
 * Loads a snapshot into an empty database: migrates it to the snapshot's own migration, inserts
 * every row in one transaction, then applies the migrations that came after (so their data
 * changes run on the restored rows). Refuses a database that holds any table
 * (`already_initialised`), and a snapshot from a newer Sealdesk or one that does not fit the
 * schema (`backup_invalid`). On any failure it drops what it created, leaving the database empty.
 */
export async function importSnapshot(location: StoreLocation, snapshot: SnapshotImport): Promise<RowCounts> {
  const { db, dialect } = connectStore(location);
  const raw = db as unknown as Kysely<unknown>;
  try {
    await checkMigrationsKnown(snapshot.migrations, dialect === 'postgres' ? 'bytea' : 'blob');
    if ((await tableNames(raw, dialect)).length > 0) {
      throw new SealdeskError('already_initialised', { userMessage: 'The target database is not empty; restore into a new, empty database.' });
    }
    try {
      await migrateStore(db, dialect, snapshot.migrations[snapshot.migrations.length - 1]);
      const tables = new Map((await listTables(raw, dialect)).map((table) => [table.name, table]));
      const counts = await raw.transaction().execute((trx) => insertRecords(trx, tables, snapshot.records));
      await migrateStore(db, dialect);
      return counts;
    } catch (error) {
      await dropAllTables(raw, dialect);
      throw error;
    }
  } finally {
    await db.destroy();
  }
}

async function checkMigrationsKnown(migrations: readonly string[], binaryType: 'blob' | 'bytea'): Promise<void> {
  const known = Object.keys(await migrationProvider({ binaryType }).getMigrations()).sort();
  if (migrations.length === 0) throw invalid('the snapshot names no applied migrations');
  migrations.forEach((name, index) => {
    if (known[index] !== name) {
      throw invalid(`the snapshot's schema has migration ${name}, which this version of Sealdesk does not have at that place; restore with the version that made it or a newer one`);
    }
  });
}

async function insertRecords(trx: Transaction<unknown>, tables: ReadonlyMap<string, TableShape>, records: AsyncIterable<SnapshotRecord>): Promise<RowCounts> {
  const counts: Record<string, number> = {};
  let current: { table: string; columns: readonly string[] } | undefined;
  for await (const record of records) {
    if ('table' in record) {
      const shape = tables.get(record.table);
      if (!shape) throw invalid(`the snapshot has a table ${record.table} that its schema version does not`);
      const unknown = record.columns.find((column) => !shape.columns.includes(column));
      if (unknown !== undefined) throw invalid(`the snapshot has a column ${record.table}.${unknown} that its schema version does not`);
      if (record.table in counts) throw invalid(`the snapshot has table ${record.table} twice`);
      current = record;
      counts[record.table] = 0;
      continue;
    }
    if (!current) throw invalid('the snapshot has rows before any table');
    const { table, columns } = current;
    if (record.rows.some((row) => row.length !== columns.length)) throw invalid(`a row of ${table} does not have its ${columns.length} columns`);
    const perInsert = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
    for (let start = 0; start < record.rows.length; start += perInsert) {
      const values = record.rows.slice(start, start + perInsert).map((row) => sql`(${sql.join(row.map((value) => sql`${value}`))})`);
      await sql`insert into ${sql.table(table)} (${sql.join(columns.map((column) => sql.ref(column)))}) values ${sql.join(values)}`.execute(trx);
    }
    counts[table] = (counts[table] ?? 0) + record.rows.length;
  }
  return counts;
}

async function tableNames(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<string[]> {
  const { rows } =
    dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\'`.execute(db)
      : await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db);
  return rows.map((row) => row.name);
}

/** Only ever called on a database this import found empty. */
async function dropAllTables(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const names = await tableNames(db, dialect);
  if (dialect === 'sqlite') await sql`pragma foreign_keys = off`.execute(db);
  for (const name of names) {
    await sql`drop table if exists ${sql.table(name)} ${dialect === 'postgres' ? sql`cascade` : sql``}`.execute(db);
  }
}

function invalid(detail: string): SealdeskError {
  return new SealdeskError('backup_invalid', { userMessage: `The backup cannot be restored: ${detail}.` });
}

/**
 * Empties a database that `importSnapshot` has just filled, when a later step of its restore
 * fails. Only for that: it drops every table in the database's schema.
 */
export async function discardImportedSnapshot(location: StoreLocation): Promise<void> {
  const { db, dialect } = connectStore(location);
  try {
    await dropAllTables(db as unknown as Kysely<unknown>, dialect);
  } finally {
    await db.destroy();
  }
}
