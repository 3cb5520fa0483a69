import type { Kysely } from 'kysely';
import type { MigrationDialect } from './migration-dialect.js';

/** The key pair that signs the installation's backups: public key as PEM, private key sealed. */
export function backupSigningKeys(dialect: MigrationDialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('backup_signing_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('public_key', 'text', (c) => c.notNull())
        .addColumn('private_key_enc', dialect.binaryType, (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
