import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, Migrator, PostgresDialect, SqliteDialect, type DatabaseConnection, type Driver } from 'kysely';
import pg from 'pg';
import { SealdeskError } from '../errors/index.js';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';

export type StoreDialect = 'sqlite' | 'postgres';

/** An open, migrated database. Every store function takes it, then the tenant. */
export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: StoreDialect;
  close(): Promise<void>;
}

export type StoreLocation = { databaseUrl: string } | { sqlitePath: string };

/**
 * Opens the database and brings its schema to the latest migration. SQLite runs in WAL mode
 * with full fsync, so an acknowledged write (and its audit event) survives a power cut, and with
 * `secure_delete` (see `eraseDeletedRows`).
 */
export async function openStore(location: StoreLocation): Promise<Store> {
  const { db, dialect } = connectStore(location);
  try {
    await migrateStore(db, dialect);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, dialect, close: () => db.destroy() };
}

/** @internal Opens the database without migrating it (a restore checks it is empty first). */
export function connectStore(location: StoreLocation): { db: Kysely<Database>; dialect: StoreDialect } {
  return 'databaseUrl' in location ? openPostgres(location.databaseUrl) : openSqlite(location.sqlitePath);
}

function openSqlite(path: string): { db: Kysely<Database>; dialect: StoreDialect } {
  const database = new SQLite(path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  // Deleted content is zeroed, not left in free space: a destroyed key must not linger in the file.
  database.pragma('secure_delete = ON');
  return { db: new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database }) }), dialect: 'sqlite' };
}

/**
 * SQLite with `BEGIN IMMEDIATE` transactions: a transaction takes the write lock when it starts,
 * waiting (busy_timeout) while another process — a CLI command beside `serve` — writes. A
 * deferred `BEGIN` would read first and then fail at once with SQLITE_BUSY when upgrading to
 * write after that other process committed. Read-only snapshots (`exportSnapshot`) begin their
 * own deferred transaction on a connection.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection: DatabaseConnection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    return driver;
  }
}

function openPostgres(connectionString: string): { db: Kysely<Database>; dialect: StoreDialect } {
  if (!/^postgres(ql)?:\/\//.test(connectionString)) {
    throw new SealdeskError('config_invalid', { detail: 'SEALDESK_DATABASE_URL must start with postgres://' });
  }
  const pool = new pg.Pool({ connectionString, max: 10 });
  // An idle connection that the server drops (restart, failover) is discarded by the pool and
  // replaced on next use; without a listener its error would crash the process.
  pool.on('error', () => undefined);
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), dialect: 'postgres' };
}

/** @internal Brings the schema to the latest migration, or up to `target` (a migration name). */
export async function migrateStore(db: Kysely<Database>, dialect: StoreDialect, target?: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider({ binaryType: dialect === 'postgres' ? 'bytea' : 'blob' }),
  });
  const { error } = target === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(target);
  if (error) {
    throw new SealdeskError('config_invalid', { detail: 'database migration failed', cause: error });
  }
}
