import type { Kysely } from 'kysely';
import type { MigrationDialect } from './migration-dialect.js';

/** Tenants, members and their API keys, contacts, conversations, messages, keys, the audit logs. */
export function foundation(dialect: MigrationDialect) {
  const binary = dialect.binaryType;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('tenants')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('audit_retention_days', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('members')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('removed_at', 'text')
        .execute();
      await db.schema.createIndex('members_scope_email').on('members').columns(['scope', 'email']).execute();

      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
        .addColumn('secret_hash', binary, (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();

      await db.schema
        .createTable('contacts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('email_index', 'text')
        .addColumn('email_enc', binary)
        .addColumn('name_enc', binary)
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('contacts_tenant_email_index')
        .on('contacts')
        .columns(['tenant_id', 'email_index'])
        .execute();

      await db.schema
        .createTable('conversations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('assignee_id', 'text')
        .addColumn('message_count', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('conversations_tenant_updated')
        .on('conversations')
        .columns(['tenant_id', 'updated_at'])
        .execute();
      await db.schema
        .createIndex('conversations_tenant_contact')
        .on('conversations')
        .columns(['tenant_id', 'contact_id'])
        .execute();

      await db.schema
        .createTable('messages')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('author_kind', 'text', (c) => c.notNull())
        .addColumn('author_id', 'text', (c) => c.notNull())
        .addColumn('body_enc', binary, (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('messages_conversation_position', ['conversation_id', 'position'])
        .execute();

      await db.schema
        .createTable('wrapped_keys')
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('parent_version', 'integer', (c) => c.notNull())
        .addColumn('wrapped_key', binary, (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('wrapped_keys_pk', ['scope', 'kind', 'purpose', 'version'])
        .execute();

      await db.schema
        .createTable('audit_entries')
        .addColumn('log_id', 'text', (c) => c.notNull())
        .addColumn('idx', 'integer', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('conversation_id', 'text')
        .addColumn('leaf_hash', binary, (c) => c.notNull())
        .addColumn('body', 'text')
        .addPrimaryKeyConstraint('audit_entries_pk', ['log_id', 'idx'])
        .execute();
      for (const column of ['actor_id', 'conversation_id', 'action', 'recorded_at']) {
        await db.schema.createIndex(`audit_entries_${column}`).on('audit_entries').columns(['log_id', column]).execute();
      }
      await db.schema
        .createTable('audit_tree_nodes')
        .addColumn('log_id', 'text', (c) => c.notNull())
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('idx', 'integer', (c) => c.notNull())
        .addColumn('hash', binary, (c) => c.notNull())
        .addPrimaryKeyConstraint('audit_tree_nodes_pk', ['log_id', 'level', 'idx'])
        .execute();
      await db.schema
        .createTable('audit_heads')
        .addColumn('log_id', 'text', (c) => c.primaryKey())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('root_hash', binary, (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('audit_checkpoints')
        .addColumn('log_id', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('audit_checkpoints_pk', ['log_id', 'size'])
        .execute();
      await db.schema
        .createTable('audit_signing_keys')
        .addColumn('log_id', 'text', (c) => c.primaryKey())
        .addColumn('public_key', binary, (c) => c.notNull())
        .addColumn('private_key_enc', binary, (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
