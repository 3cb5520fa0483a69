import type { Kysely } from 'kysely';

/**
 * Training opt-out: whether a tenant lets its conversations be used for training or evaluation.
 * No row means opted out, so every tenant that existed before this migration is opted out.
 */
export function trainingConsent() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('training_consents')
        .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id'))
        .addColumn('opted_in', 'integer', (c) => c.notNull())
        .addColumn('ticket', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
