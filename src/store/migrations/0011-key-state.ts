import type { Kysely } from 'kysely';
import type { MigrationDialect } from './migration-dialect.js';

/**
 * Tenant keys the tenant controls: whether its key is enabled (absent row: enabled), where each
 * tenant key version came from (`origin`: generated here, or imported by the tenant — BYOK), and
 * the installation's RSA-OAEP key pair that tenants wrap imported key material to (public key as
 * PEM, private key sealed by the key ring under the operator's key).
 */
export function keyState(dialect: MigrationDialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('tenant_key_states')
        .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id'))
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('changed_at', 'text', (c) => c.notNull())
        .addColumn('changed_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema.alterTable('wrapped_keys').addColumn('origin', 'text', (c) => c.notNull().defaultTo('generated')).execute();
      await db.schema
        .createTable('key_import_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('public_key', 'text', (c) => c.notNull())
        .addColumn('private_key_enc', dialect.binaryType, (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
