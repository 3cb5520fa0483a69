import type { Kysely } from 'kysely';
import type { MigrationDialect } from './migration-dialect.js';

/** Alerts, their destinations per scope (signed webhooks, e-mail recipients) and the delivery jobs. */
export function alerts(dialect: MigrationDialect) {
  const binary = dialect.binaryType;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('alerts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('acknowledged_at', 'text')
        .addColumn('acknowledged_by', 'text')
        .execute();
      await db.schema.createIndex('alerts_scope_created').on('alerts').columns(['scope', 'created_at']).execute();

      await db.schema
        .createTable('alert_webhooks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('secret_enc', binary, (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('removed_at', 'text')
        .execute();
      await db.schema.createIndex('alert_webhooks_scope').on('alert_webhooks').columns(['scope']).execute();

      await db.schema
        .createTable('alert_email_recipients')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('removed_at', 'text')
        .execute();
      await db.schema.createIndex('alert_email_recipients_scope').on('alert_email_recipients').columns(['scope']).execute();

      await db.schema
        .createTable('alert_deliveries')
        .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id'))
        .addColumn('destination_id', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', 'text')
        .addColumn('last_error', 'text')
        .addColumn('delivered_at', 'text')
        .addPrimaryKeyConstraint('alert_deliveries_pk', ['alert_id', 'destination_id'])
        .execute();
      await db.schema
        .createIndex('alert_deliveries_due')
        .on('alert_deliveries')
        .columns(['status', 'next_attempt_at'])
        .execute();
    },
  };
}
