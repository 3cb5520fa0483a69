import type { Kysely, Selectable } from 'kysely';
import type { AnswerTracesTable, Database } from '../schema.js';

export type AnswerTraceRow = Selectable<AnswerTracesTable>;

export async function insertAnswerTrace(db: Kysely<Database>, row: AnswerTraceRow): Promise<void> {
  await db.insertInto('answer_traces').values(row).execute();
}

/** A conversation's answer traces, oldest first. */
export async function listAnswerTraces(db: Kysely<Database>, tenantId: string, conversationId: string): Promise<AnswerTraceRow[]> {
  return db
    .selectFrom('answer_traces')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('conversation_id', '=', conversationId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
