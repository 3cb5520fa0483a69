import type { Kysely } from 'kysely';

/**
 * BYOK import tokens: one per `GET /v1/tenants/{id}/key/import-parameters`, naming the tenant and
 * the import wrapping key it is for, until when it may be used, and whether it was (an import
 * uses its token once: `used_at`, `used_version`, the tenant key version it made).
 */
export function keyImportTokens() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('key_import_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('import_key_id', 'text', (c) => c.notNull().references('key_import_keys.id'))
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .addColumn('used_version', 'integer')
        .execute();
      await db.schema.createIndex('key_import_tokens_tenant').on('key_import_tokens').columns(['tenant_id', 'created_at']).execute();
    },
  };
}
