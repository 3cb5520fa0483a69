import type { Migration, MigrationProvider } from 'kysely';
import { foundation } from './0001-foundation.js';
import { alerts } from './0002-alerts.js';
import type { MigrationDialect } from './migration-dialect.js';

/** The same ordered migrations for SQLite and PostgreSQL; only column types differ. */
export function migrationProvider(dialect: MigrationDialect): MigrationProvider {
  return {
    async getMigrations(): Promise<Record<string, Migration>> {
      return { '0001-foundation': foundation(dialect), '0002-alerts': alerts(dialect) };
    },
  };
}
