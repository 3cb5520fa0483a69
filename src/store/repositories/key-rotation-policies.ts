import type { Kysely, Selectable } from 'kysely';
import type { Database, KeyRotationPoliciesTable } from '../schema.js';

export type KeyRotationPolicyRow = Selectable<KeyRotationPoliciesTable>;

export async function findKeyRotationPolicy(db: Kysely<Database>, tenantId: string): Promise<KeyRotationPolicyRow | undefined> {
  return db.selectFrom('key_rotation_policies').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
}

/** Every tenant's policy that has a rotation period, by tenant id. */
export async function listActiveKeyRotationPolicies(db: Kysely<Database>): Promise<KeyRotationPolicyRow[]> {
  return db.selectFrom('key_rotation_policies').selectAll().where('rotation_days', 'is not', null).orderBy('tenant_id').execute();
}

/** Stores the tenant's policy, replacing any earlier one. */
export async function saveKeyRotationPolicy(db: Kysely<Database>, row: KeyRotationPolicyRow): Promise<void> {
  const { tenant_id: _tenant, ...columns } = row;
  await db
    .insertInto('key_rotation_policies')
    .values(row)
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(columns))
    .execute();
}
