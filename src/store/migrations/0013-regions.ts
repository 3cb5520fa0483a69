import type { Kysely } from 'kysely';

/**
 * Data residency: each tenant's region (tenants from before regions are in `default`) and the
 * region the database itself serves, one row written at init (no row: `default`).
 */
export function regions() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('tenants').addColumn('region', 'text', (c) => c.notNull().defaultTo('default')).execute();
      await db.schema
        .createTable('database_region')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('region', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
