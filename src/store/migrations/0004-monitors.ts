import type { Kysely } from 'kysely';

/** Monitor settings per log, how far each log has been read, and the alerts already raised. */
export function monitors() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('monitor_settings')
        .addColumn('log_id', 'text', (c) => c.primaryKey())
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('monitor_cursors')
        .addColumn('log_id', 'text', (c) => c.primaryKey())
        .addColumn('next_index', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('monitor_firings')
        .addColumn('log_id', 'text', (c) => c.notNull())
        .addColumn('finding_key', 'text', (c) => c.notNull())
        .addColumn('alert_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('monitor_firings_pk', ['log_id', 'finding_key'])
        .execute();
    },
  };
}
