import { sql, type Kysely } from 'kysely';

/**
 * Key rotations (`sealdesk keys rotate`): one row per rotation of a scope's keys, holding the
 * background job's phase, cursor and counts, so that a crash resumes where it stopped. At most
 * one unfinished rotation per scope.
 */
export function keyRotations() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('key_rotations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('phase', 'text', (c) => c.notNull())
        .addColumn('cursor', 'text')
        .addColumn('pass', 'integer', (c) => c.notNull())
        .addColumn('pass_started_at', 'text')
        .addColumn('tenant_version', 'integer', (c) => c.notNull())
        .addColumn('content_version', 'integer', (c) => c.notNull())
        .addColumn('total', 'integer', (c) => c.notNull())
        .addColumn('scanned', 'integer', (c) => c.notNull())
        .addColumn('resealed', 'integer', (c) => c.notNull())
        .addColumn('pass_resealed', 'integer', (c) => c.notNull())
        .addColumn('rewrapped', 'integer', (c) => c.notNull())
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('completed_at', 'text')
        .addColumn('error_code', 'text')
        .addColumn('lease_until', 'text')
        .execute();
      await db.schema.createIndex('key_rotations_scope_started').on('key_rotations').columns(['scope', 'started_at']).execute();
      await db.schema
        .createIndex('key_rotations_one_unfinished')
        .on('key_rotations')
        .column('scope')
        .unique()
        .where(sql.ref('status'), '<>', 'completed')
        .execute();
    },
  };
}
