import type { Kysely } from 'kysely';
import type { MigrationDialect } from './migration-dialect.js';

/**
 * The conversation flow: each conversation's pseudonym mapping (sealed, like its messages: the
 * tokens the assistant's model saw and the values they stand for) and the trace of every
 * assistant reply (ids, scores and decisions, never text), for agents and auditors.
 */
export function conversationFlow(dialect: MigrationDialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('conversations').addColumn('pseudonyms_enc', dialect.binaryType).execute();
      await db.schema
        .createTable('answer_traces')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
        .addColumn('customer_message_id', 'text', (c) => c.notNull())
        .addColumn('reply_message_id', 'text', (c) => c.notNull())
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('handoff_reason', 'text')
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('trace_json', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('answer_traces_conversation').on('answer_traces').columns(['tenant_id', 'conversation_id', 'created_at']).execute();
      await db.schema.createIndex('conversations_tenant_status').on('conversations').columns(['tenant_id', 'status', 'updated_at']).execute();
    },
  };
}
