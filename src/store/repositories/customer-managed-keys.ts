import type { Kysely, Selectable } from 'kysely';
import type { CustomerManagedKeysTable, Database } from '../schema.js';

export type CustomerManagedKeyRow = Selectable<CustomerManagedKeysTable>;

/** The tenant's customer-managed key that wraps tenant key `version`: the latest adopted at or before it. */
export async function findCustomerManagedKeyFor(db: Kysely<Database>, tenantId: string, version: number): Promise<CustomerManagedKeyRow | undefined> {
  return db
    .selectFrom('customer_managed_keys')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('from_version', '<=', version)
    .orderBy('from_version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * For each of `tenantIds` that adopted a customer-managed key, the first tenant key version one
 * wraps: that version and every later one are the tenant's key, not the root key's. One query.
 */
export async function firstCustomerManagedVersions(db: Kysely<Database>, tenantIds: readonly string[]): Promise<ReadonlyMap<string, number>> {
  if (tenantIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('customer_managed_keys')
    .select(['tenant_id', (eb) => eb.fn.min<number>('from_version').as('from_version')])
    .where('tenant_id', 'in', tenantIds)
    .groupBy('tenant_id')
    .execute();
  return new Map(rows.map((row) => [row.tenant_id, Number(row.from_version)]));
}

/** The tenant's latest customer-managed key (the one new versions are wrapped by), if it has any. */
export async function findLatestCustomerManagedKey(db: Kysely<Database>, tenantId: string): Promise<CustomerManagedKeyRow | undefined> {
  return db.selectFrom('customer_managed_keys').selectAll().where('tenant_id', '=', tenantId).orderBy('from_version', 'desc').limit(1).executeTakeFirst();
}

/** Every customer-managed key the tenant adopted, oldest first. */
export async function listCustomerManagedKeys(db: Kysely<Database>, tenantId: string): Promise<CustomerManagedKeyRow[]> {
  return db.selectFrom('customer_managed_keys').selectAll().where('tenant_id', '=', tenantId).orderBy('from_version').execute();
}

export async function insertCustomerManagedKey(db: Kysely<Database>, row: CustomerManagedKeyRow): Promise<void> {
  await db.insertInto('customer_managed_keys').values(row).execute();
}

/** Undoes an adoption whose tenant key version was never made. */
export async function deleteCustomerManagedKey(db: Kysely<Database>, tenantId: string, fromVersion: number): Promise<void> {
  await db.deleteFrom('customer_managed_keys').where('tenant_id', '=', tenantId).where('from_version', '=', fromVersion).execute();
}

/** Deletes every customer-managed key record of the tenant (with its sealed PIN), once its tenant key is destroyed. */
export async function deleteCustomerManagedKeys(db: Kysely<Database>, tenantId: string): Promise<void> {
  await db.deleteFrom('customer_managed_keys').where('tenant_id', '=', tenantId).execute();
}
