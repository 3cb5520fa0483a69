import type { Kysely } from 'kysely';
import type { MigrationDialect } from './migration-dialect.js';

/** Each tenant's choice of answer provider; the API key is sealed, everything else is metadata. */
export function assistantProviders(dialect: MigrationDialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('assistant_settings')
        .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id'))
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('base_url', 'text')
        .addColumn('chat_model', 'text')
        .addColumn('embedding_model', 'text')
        .addColumn('api_key_enc', dialect.binaryType)
        .addColumn('on_failure', 'text', (c) => c.notNull())
        .addColumn('timeout_ms', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
