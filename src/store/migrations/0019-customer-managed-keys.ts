import type { Kysely } from 'kysely';
import type { MigrationDialect } from './migration-dialect.js';

/**
 * Customer-managed keys: from `from_version` on, the tenant's key versions are wrapped by an AES
 * key on the tenant's own PKCS#11 token rather than by the installation's root key. Rows are
 * never changed; a later row (a higher `from_version`) takes over from an earlier one.
 */
export function customerManagedKeys(dialect: MigrationDialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('customer_managed_keys')
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('from_version', 'integer', (c) => c.notNull())
        .addColumn('module', 'text', (c) => c.notNull())
        .addColumn('token_label', 'text', (c) => c.notNull())
        .addColumn('key_label', 'text', (c) => c.notNull())
        .addColumn('key_id', 'text', (c) => c.notNull())
        .addColumn('pin_enc', dialect.binaryType, (c) => c.notNull())
        .addColumn('ticket', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('customer_managed_keys_pk', ['tenant_id', 'from_version'])
        .execute();
    },
  };
}
