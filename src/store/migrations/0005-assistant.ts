import type { Kysely } from 'kysely';
import type { MigrationDialect } from './migration-dialect.js';

/** Knowledge-base articles of the assistant: title and body sealed, one source id per tenant. */
export function assistant(dialect: MigrationDialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('kb_articles')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('title_enc', dialect.binaryType, (c) => c.notNull())
        .addColumn('body_enc', dialect.binaryType, (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('kb_articles_source_unique', ['tenant_id', 'source_id'])
        .execute();
    },
  };
}
