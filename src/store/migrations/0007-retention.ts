import type { Kysely } from 'kysely';

/**
 * Retention: each tenant's retention periods (absent row: the defaults; audit bodies stay in
 * `tenants.audit_retention_days`) and legal holds, which keep data from being purged.
 */
export function retention() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('retention_policies')
        .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id'))
        .addColumn('conversation_days', 'integer', (c) => c.notNull())
        .addColumn('contact_days', 'integer', (c) => c.notNull())
        .addColumn('kb_days', 'integer')
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('legal_holds')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('target_kind', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('ticket', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('released_at', 'text')
        .addColumn('released_by', 'text')
        .execute();
      await db.schema.createIndex('legal_holds_tenant_released').on('legal_holds').columns(['tenant_id', 'released_at']).execute();
    },
  };
}
