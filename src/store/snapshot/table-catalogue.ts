import { sql, type Kysely } from 'kysely';
import { SealdeskError } from '../../errors/index.js';
import type { StoreDialect } from '../open-store.js';

/** Kysely's own bookkeeping: a snapshot records the applied migration names instead of these rows. */
const MIGRATION_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);

/** A table as the database's catalogue describes it. */
export interface TableShape {
  readonly name: string;
  readonly columns: readonly string[];
  /** Primary-key columns in key order; empty when the table has none. */
  readonly primaryKey: readonly string[];
}

/**
 * The application's tables (not the migration bookkeeping), ordered so that every table comes
 * after the tables its foreign keys reference: rows inserted in this order satisfy every
 * reference without deferring constraints (PostgreSQL's are not deferrable).
 */
export async function listTables(db: Kysely<unknown>, dialect: StoreDialect): Promise<TableShape[]> {
  const names = (dialect === 'sqlite' ? await sqliteTableNames(db) : await postgresTableNames(db)).filter((name) => !MIGRATION_TABLES.has(name));
  const shapes = new Map<string, TableShape & { parents: string[] }>();
  for (const name of names) {
    const shape = dialect === 'sqlite' ? await sqliteShape(db, name) : await postgresShape(db, name);
    shapes.set(name, { name, ...shape });
  }
  return referencedFirst(shapes);
}

async function sqliteTableNames(db: Kysely<unknown>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name`.execute(db);
  return rows.map((row) => row.name);
}

async function sqliteShape(db: Kysely<unknown>, table: string) {
  const { rows: columns } = await sql<{ name: string; pk: number }>`select name, pk from pragma_table_info(${table}) order by cid`.execute(db);
  const { rows: parents } = await sql<{ parent: string }>`select "table" as parent from pragma_foreign_key_list(${table})`.execute(db);
  return {
    columns: columns.map((column) => column.name),
    primaryKey: columns.filter((column) => column.pk > 0).sort((a, b) => a.pk - b.pk).map((column) => column.name),
    parents: parents.map((row) => row.parent),
  };
}

async function postgresTableNames(db: Kysely<unknown>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
  return rows.map((row) => row.name);
}

async function postgresShape(db: Kysely<unknown>, table: string) {
  const relation = sql`(quote_ident(current_schema()) || '.' || quote_ident(${table}))::regclass`;
  const { rows: columns } = await sql<{ name: string }>`
    select column_name as name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(db);
  const { rows: primaryKey } = await sql<{ name: string }>`
    select a.attname as name from pg_index i
    join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
    where i.indrelid = ${relation} and i.indisprimary
    order by array_position(i.indkey::int2[], a.attnum)`.execute(db);
  const { rows: parents } = await sql<{ parent: string }>`
    select p.relname as parent from pg_constraint c join pg_class p on p.oid = c.confrelid
    where c.contype = 'f' and c.conrelid = ${relation}`.execute(db);
  return { columns: columns.map((row) => row.name), primaryKey: primaryKey.map((row) => row.name), parents: parents.map((row) => row.parent) };
}

/** Depth-first topological order; a reference cycle (none today) is refused rather than guessed. */
function referencedFirst(shapes: Map<string, TableShape & { parents: string[] }>): TableShape[] {
  const ordered: TableShape[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string) => {
    const shape = shapes.get(name);
    if (!shape || state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new SealdeskError('internal', { detail: `foreign keys form a cycle through ${name}` });
    state.set(name, 'visiting');
    for (const parent of shape.parents) if (parent !== name) visit(parent);
    state.set(name, 'done');
    ordered.push({ name: shape.name, columns: shape.columns, primaryKey: shape.primaryKey });
  };
  for (const name of [...shapes.keys()].sort()) visit(name);
  return ordered;
}
