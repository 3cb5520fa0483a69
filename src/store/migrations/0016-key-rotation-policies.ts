import type { Kysely } from 'kysely';

/**
 * A tenant's rotation period: rotate its tenant key once its latest version is `rotation_days`
 * old. No row, or a null period, means no rotation by policy (the default).
 */
export function keyRotationPolicies() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('key_rotation_policies')
        .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id'))
        .addColumn('rotation_days', 'integer')
        .addColumn('ticket', 'text', (c) => c.notNull())
        .addColumn('changed_at', 'text', (c) => c.notNull())
        .addColumn('changed_by', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
