import type { Kysely } from 'kysely';

/**
 * Root key rotations asked for through the API or by policy (`serve`'s root key job carries them
 * out), and the installation's root key rotation period. `unfinished` is 1 until a rotation
 * completes and null after: its unique index lets one rotation at a time be unfinished.
 * `root_key_policy` has at most one row (`id` 1); no row is no rotation by policy.
 */
export function rootKeyRotations() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('root_key_rotations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('unfinished', 'integer')
        .addColumn('phase', 'text', (c) => c.notNull())
        .addColumn('root_key', 'text')
        .addColumn('previous_root_key', 'text')
        .addColumn('key_label', 'text')
        .addColumn('pass', 'integer', (c) => c.notNull())
        .addColumn('scanned', 'integer', (c) => c.notNull())
        .addColumn('rewrapped', 'integer', (c) => c.notNull())
        .addColumn('customer_managed', 'integer', (c) => c.notNull())
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('ticket', 'text')
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('completed_at', 'text')
        .addColumn('error_code', 'text')
        .addColumn('lease_until', 'text')
        .execute();
      await db.schema.createIndex('root_key_rotations_one_unfinished').on('root_key_rotations').column('unfinished').unique().execute();
      await db.schema.createIndex('root_key_rotations_started').on('root_key_rotations').column('started_at').execute();
      await db.schema
        .createTable('root_key_policy')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('rotation_days', 'integer')
        .addColumn('ticket', 'text', (c) => c.notNull())
        .addColumn('changed_at', 'text', (c) => c.notNull())
        .addColumn('changed_by', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
