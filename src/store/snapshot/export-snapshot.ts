import { sql, type Kysely } from 'kysely';
import { SealdeskError } from '../../errors/index.js';
import type { Store, StoreDialect } from '../open-store.js';
import { listTables, type TableShape } from './table-catalogue.js';

/** A column value as both drivers return it: binary columns as Buffers. */
export type SnapshotValue = string | number | Buffer | null;

/** What a snapshot is taken from: the dialect and the migrations applied, in order. */
export interface SnapshotSource {
  readonly dialect: StoreDialect;
  readonly migrations: readonly string[];
}

/** Receives a snapshot in order: `begin`, then each table followed by its rows in batches. */
export interface SnapshotSink {
  begin(source: SnapshotSource): Promise<void>;
  table(table: TableShape): Promise<void>;
  rows(rows: readonly (readonly SnapshotValue[])[]): Promise<void>;
}

/** Rows per table, as exported. */
export type RowCounts = Readonly<Record<string, number>>;

/**
 * Exports every table of the store inside one read transaction, so the snapshot is consistent
 * while the server keeps writing: SQLite (WAL) reads one database snapshot from the first read
 * to the commit; PostgreSQL uses a REPEATABLE READ, READ ONLY transaction. Tables come referenced
 * first (see `listTables`), rows in primary-key order, read in batches of `batchRows` by keyset.
 */
export async function exportSnapshot(store: Store, sink: SnapshotSink, options: { readonly batchRows?: number } = {}): Promise<RowCounts> {
  const batchRows = options.batchRows ?? 500;
  const read = async (trx: Kysely<unknown>) => {
    const { rows: migrations } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(trx);
    const tables = await listTables(trx, store.dialect);
    await sink.begin({ dialect: store.dialect, migrations: migrations.map((row) => row.name) });
    const counts: Record<string, number> = {};
    for (const table of tables) {
      await sink.table(table);
      counts[table.name] = await exportTable(trx, table, batchRows, sink);
    }
    return counts;
  };
  const db = store.db as unknown as Kysely<unknown>;
  if (store.dialect === 'postgres') return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(read);
  // A deferred transaction on one connection: it takes no write lock, so `serve` keeps writing.
  return db.connection().execute(async (connection) => {
    await sql`begin deferred`.execute(connection);
    try {
      const counts = await read(connection);
      await sql`commit`.execute(connection);
      return counts;
    } catch (error) {
      await sql`rollback`.execute(connection).catch(() => undefined);
      throw error;
    }
  });
}

async function exportTable(trx: Kysely<unknown>, table: TableShape, batchRows: number, sink: SnapshotSink): Promise<number> {
  const columns = sql.join(table.columns.map((column) => sql.ref(column)));
  const from = sql.table(table.name);
  if (table.primaryKey.length === 0) {
    const { rows } = await sql<Record<string, unknown>>`select ${columns} from ${from}`.execute(trx);
    if (rows.length > 0) await sink.rows(rows.map((row) => valuesOf(table, row)));
    return rows.length;
  }
  const key = sql.join(table.primaryKey.map((column) => sql.ref(column)));
  let count = 0;
  let after: Record<string, unknown> | undefined;
  for (;;) {
    const where = after === undefined ? sql`` : sql`where (${key}) > (${sql.join(table.primaryKey.map((column) => after?.[column]))})`;
    const { rows } = await sql<Record<string, unknown>>`select ${columns} from ${from} ${where} order by ${key} limit ${batchRows}`.execute(trx);
    if (rows.length === 0) return count;
    await sink.rows(rows.map((row) => valuesOf(table, row)));
    count += rows.length;
    after = rows[rows.length - 1];
    if (rows.length < batchRows) return count;
  }
}

function valuesOf(table: TableShape, row: Record<string, unknown>): SnapshotValue[] {
  return table.columns.map((column) => {
    const value = row[column];
    if (value === null || typeof value === 'string' || typeof value === 'number' || Buffer.isBuffer(value)) return value;
    throw new SealdeskError('internal', { detail: `column ${table.name}.${column} holds a ${typeof value}, which snapshots do not carry` });
  });
}
