import type { Kysely, Selectable } from 'kysely';
import type { Database, TrainingConsentsTable } from '../schema.js';

export type TrainingConsentRow = Selectable<TrainingConsentsTable>;

export async function findTrainingConsent(db: Kysely<Database>, tenantId: string): Promise<TrainingConsentRow | undefined> {
  return db.selectFrom('training_consents').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
}

/** Whether the tenant has opted in; no row (the default) is opted out. */
export async function isTrainingOptedIn(db: Kysely<Database>, tenantId: string): Promise<boolean> {
  const row = await findTrainingConsent(db, tenantId);
  return row !== undefined && Number(row.opted_in) === 1;
}

/** Stores the tenant's choice, replacing any earlier one. */
export async function saveTrainingConsent(db: Kysely<Database>, row: TrainingConsentRow): Promise<void> {
  const { tenant_id: _tenant, ...columns } = row;
  await db
    .insertInto('training_consents')
    .values(row)
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(columns))
    .execute();
}
