import { sql, type Kysely, type RawBuilder } from 'kysely';
import { webhookSecretBinding } from '../alerts/index.js';
import { kbArticleBinding, providerApiKeyBinding } from '../assistant/index.js';
import { auditSigningKeyBinding, OPERATOR_LOG } from '../audit/index.js';
import { backupSigningKeyBinding } from '../backup/index.js';
import { contactFieldBinding, messageBodyBinding, conversationPseudonymsBinding } from '../conversations/index.js';
import { keyImportKeyBinding, type Binding } from '../crypto/index.js';
import type { Database } from '../store/index.js';

/** One sealed value as rotation sees it: where it is, its envelope, and the binding it is sealed to. */
export interface SealedValue {
  readonly id: string;
  readonly value: Buffer;
  readonly binding: Binding;
}

/** A column holding key-ring envelopes, which a rotation re-encrypts row by row. */
export interface SealedColumn {
  /** `table.column`. */
  readonly name: string;
  /** How many sealed values of `scope` it holds. */
  count(db: Kysely<Database>, scope: string): Promise<number>;
  /** Up to `limit` sealed values of `scope` with a row id after `after`, in id order. */
  page(db: Kysely<Database>, scope: string, after: string, limit: number): Promise<SealedValue[]>;
  /** Replaces the value of row `id` if it still is `previous` (a concurrent write wins); whether it did. */
  replace(db: Kysely<Database>, scope: string, id: string, previous: Buffer, next: Buffer): Promise<boolean>;
  /** Whether row `id` still holds `value`. */
  holds(db: Kysely<Database>, scope: string, id: string, value: Buffer): Promise<boolean>;
}

type Shape = {
  readonly table: string;
  readonly column: string;
  /** The row id column. */
  readonly key: string;
  /** The column naming the scope; none when the table belongs to the operator's scope only. */
  readonly scope: string | undefined;
} & (
  | { readonly binding: (scope: string, id: string) => Binding }
  /** For a binding that needs more than the row's id and scope. */
  | { readonly page: SealedColumn['page'] }
);

/** A sealed column of a table whose rows carry their scope (or belong to the operator's). */
function sealedColumn(shape: Shape): SealedColumn {
  const { table, column, key } = shape;
  const inScope = (scope: string): RawBuilder<unknown> => (shape.scope === undefined ? sql.lit(scope === OPERATOR_LOG) : sql`${sql.ref(shape.scope)} = ${scope}`);
  const where = (scope: string, id: string) => sql`${inScope(scope)} and ${sql.ref(key)} = ${id}`;
  return {
    name: `${table}.${column}`,
    async count(db, scope) {
      const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)} where ${inScope(scope)} and ${sql.ref(column)} is not null`.execute(db);
      return Number(rows[0]?.n ?? 0);
    },
    page: 'page' in shape ? shape.page : async (db, scope, after, limit) => {
      const { rows } = await sql<{ id: string; value: Buffer }>`
        select ${sql.ref(key)} as id, ${sql.ref(column)} as value from ${sql.table(table)}
        where ${inScope(scope)} and ${sql.ref(key)} > ${after} and ${sql.ref(column)} is not null
        order by ${sql.ref(key)} limit ${limit}`.execute(db);
      return rows.map((row) => ({ id: row.id, value: Buffer.from(row.value), binding: shape.binding(scope, row.id) }));
    },
    async replace(db, scope, id, previous, next) {
      const result = await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${next} where ${where(scope, id)} and ${sql.ref(column)} = ${previous}`.execute(db);
      return (result.numAffectedRows ?? 0n) > 0n;
    },
    async holds(db, scope, id, value) {
      const { rows } = await sql`select 1 as held from ${sql.table(table)} where ${where(scope, id)} and ${sql.ref(column)} = ${value}`.execute(db);
      return rows.length > 0;
    },
  };
}

/** Message bodies, sealed to the contact of their conversation. */
const messageBodies = sealedColumn({
  table: 'messages',
  column: 'body_enc',
  key: 'id',
  scope: 'tenant_id',
  async page(db, scope, after, limit) {
    const rows = await db
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .select(['messages.id', 'messages.body_enc', 'conversations.contact_id'])
      .where('messages.tenant_id', '=', scope)
      .where('messages.id', '>', after)
      .orderBy('messages.id')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ id: row.id, value: Buffer.from(row.body_enc), binding: messageBodyBinding(scope, row.id, row.contact_id) }));
  },
});

/** Conversations' pseudonym mappings, sealed to their contact. */
const conversationPseudonyms = sealedColumn({
  table: 'conversations',
  column: 'pseudonyms_enc',
  key: 'id',
  scope: 'tenant_id',
  async page(db, scope, after, limit) {
    const rows = await db
      .selectFrom('conversations')
      .select(['id', 'pseudonyms_enc', 'contact_id'])
      .where('tenant_id', '=', scope)
      .where('id', '>', after)
      .where('pseudonyms_enc', 'is not', null)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ id: row.id, value: Buffer.from(row.pseudonyms_enc!), binding: conversationPseudonymsBinding(scope, row.id, row.contact_id) }));
  },
});

/**
 * Every column that holds key-ring envelopes, in the order a rotation re-encrypts them. A sealed
 * column missing here keeps opening (old key versions are kept) but is not moved to new ones.
 */
export const SEALED_COLUMNS: readonly SealedColumn[] = [
  sealedColumn({ table: 'contacts', column: 'email_enc', key: 'id', scope: 'tenant_id', binding: (scope, id) => contactFieldBinding(scope, id, 'email') }),
  sealedColumn({ table: 'contacts', column: 'name_enc', key: 'id', scope: 'tenant_id', binding: (scope, id) => contactFieldBinding(scope, id, 'name') }),
  messageBodies,
  conversationPseudonyms,
  sealedColumn({ table: 'kb_articles', column: 'title_enc', key: 'id', scope: 'tenant_id', binding: (scope, id) => kbArticleBinding(scope, id, 'title') }),
  sealedColumn({ table: 'kb_articles', column: 'body_enc', key: 'id', scope: 'tenant_id', binding: (scope, id) => kbArticleBinding(scope, id, 'body') }),
  sealedColumn({ table: 'assistant_settings', column: 'api_key_enc', key: 'tenant_id', scope: 'tenant_id', binding: (scope) => providerApiKeyBinding(scope) }),
  sealedColumn({ table: 'alert_webhooks', column: 'secret_enc', key: 'id', scope: 'scope', binding: webhookSecretBinding }),
  sealedColumn({ table: 'audit_signing_keys', column: 'private_key_enc', key: 'log_id', scope: 'log_id', binding: (scope) => auditSigningKeyBinding(scope) }),
  sealedColumn({ table: 'backup_signing_keys', column: 'private_key_enc', key: 'id', scope: undefined, binding: (_scope, id) => backupSigningKeyBinding(id) }),
  sealedColumn({ table: 'key_import_keys', column: 'private_key_enc', key: 'id', scope: undefined, binding: (_scope, id) => keyImportKeyBinding(id) }),
];
