import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../store/index.js';
import type { AssistantSettingsTable } from '../../store/schema.js';

export type AssistantSettingsRow = Selectable<AssistantSettingsTable>;

export async function findAssistantSettings(db: Kysely<Database>, tenantId: string): Promise<AssistantSettingsRow | undefined> {
  return db.selectFrom('assistant_settings').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
}

export async function saveAssistantSettings(db: Kysely<Database>, row: AssistantSettingsRow): Promise<void> {
  await db
    .insertInto('assistant_settings')
    .values(row)
    .onConflict((c) =>
      c.column('tenant_id').doUpdateSet({
        provider: row.provider,
        base_url: row.base_url,
        chat_model: row.chat_model,
        embedding_model: row.embedding_model,
        api_key_enc: row.api_key_enc,
        on_failure: row.on_failure,
        timeout_ms: row.timeout_ms,
        updated_at: row.updated_at,
        updated_by: row.updated_by,
      }),
    )
    .execute();
}
