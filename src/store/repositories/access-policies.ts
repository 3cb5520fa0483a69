import type { Kysely, Selectable } from 'kysely';
import type { AccessPoliciesTable, Database } from '../schema.js';

export type AccessPolicyRow = Selectable<AccessPoliciesTable>;

export async function findAccessPolicy(db: Kysely<Database>, tenantId: string): Promise<AccessPolicyRow | undefined> {
  return db.selectFrom('access_policies').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
}

/**
 * Stores version `row.version` of a tenant's policy if the stored one is still `row.version - 1`
 * (0: none stored), so concurrent changes cannot overwrite each other. Returns whether it did.
 */
export async function saveAccessPolicy(db: Kysely<Database>, row: AccessPolicyRow): Promise<boolean> {
  if (row.version === 1) {
    const inserted = await db.insertInto('access_policies').values(row).onConflict((oc) => oc.column('tenant_id').doNothing()).executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
  }
  const updated = await db
    .updateTable('access_policies')
    .set({ policy: row.policy, version: row.version, updated_at: row.updated_at, updated_by: row.updated_by })
    .where('tenant_id', '=', row.tenant_id)
    .where('version', '=', row.version - 1)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}
