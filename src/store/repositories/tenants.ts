import type { Kysely, Selectable } from 'kysely';
import type { Database, TenantsTable } from '../schema.js';

export type TenantRow = Selectable<TenantsTable>;

export async function insertTenant(db: Kysely<Database>, row: TenantRow): Promise<void> {
  await db.insertInto('tenants').values(row).execute();
}

export async function findTenant(db: Kysely<Database>, tenantId: string): Promise<TenantRow | undefined> {
  return db.selectFrom('tenants').selectAll().where('id', '=', tenantId).executeTakeFirst();
}
