import type { Kysely } from 'kysely';

/**
 * The rotation period of the installation's own keys (the `operator` scope: its audit log's and
 * backups' signing keys), like a tenant's: at most one row (`id` 1); none is no rotation by policy.
 */
export function operatorKeyRotationPolicy() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('operator_key_rotation_policy')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('rotation_days', 'integer')
        .addColumn('ticket', 'text', (c) => c.notNull())
        .addColumn('changed_at', 'text', (c) => c.notNull())
        .addColumn('changed_by', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
