import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** The region the database serves, or undefined when it has no stamp (created before regions). */
export async function readDatabaseRegion(db: Kysely<Database>): Promise<string | undefined> {
  return (await db.selectFrom('database_region').select('region').where('id', '=', 1).executeTakeFirst())?.region;
}

/** Stamps a new database with the region it serves (at init, once). */
export async function stampDatabaseRegion(db: Kysely<Database>, region: string): Promise<void> {
  await db.insertInto('database_region').values({ id: 1, region }).execute();
}

/** A tenant of the database that belongs to another region than `region`, if there is one. */
export async function findTenantOutsideRegion(db: Kysely<Database>, region: string): Promise<{ id: string; region: string } | undefined> {
  return db.selectFrom('tenants').select(['id', 'region']).where('region', '<>', region).limit(1).executeTakeFirst();
}
