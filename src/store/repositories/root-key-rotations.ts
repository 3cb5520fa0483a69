import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Database, InstallationKeyPolicyTable, RootKeyRotationsTable } from '../schema.js';

export type RootKeyRotationRow = Selectable<RootKeyRotationsTable>;
export type InstallationKeyPolicyRow = Omit<Selectable<InstallationKeyPolicyTable>, 'id'>;

/** Where a rotation period of the installation's keys is kept: the root key's, or the `operator` scope's. */
export type InstallationKeyPolicy = 'root_key_policy' | 'operator_key_rotation_policy';

/**
 * Records a new root key rotation; false (nothing written) when one is unfinished already — the
 * unique index on `unfinished` decides, so two concurrent starts cannot both win.
 */
export async function insertRootKeyRotation(db: Kysely<Database>, row: RootKeyRotationRow): Promise<boolean> {
  if ((await findUnfinishedRootKeyRotation(db)) !== undefined) return false;
  try {
    await db.insertInto('root_key_rotations').values(row).execute();
    return true;
  } catch (error) {
    if ((await findUnfinishedRootKeyRotation(db)) !== undefined) return false;
    throw error;
  }
}

export async function findRootKeyRotation(db: Kysely<Database>, id: string): Promise<RootKeyRotationRow | undefined> {
  return db.selectFrom('root_key_rotations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The rotation running or failed, if any. */
export async function findUnfinishedRootKeyRotation(db: Kysely<Database>): Promise<RootKeyRotationRow | undefined> {
  return db.selectFrom('root_key_rotations').selectAll().where('unfinished', '=', 1).executeTakeFirst();
}

/** The latest rotations, newest first. */
export async function listRootKeyRotations(db: Kysely<Database>, limit: number): Promise<RootKeyRotationRow[]> {
  return db.selectFrom('root_key_rotations').selectAll().orderBy('started_at', 'desc').orderBy('id').limit(limit).execute();
}

/**
 * Takes the rotation's lease (`lease`: the time it lapses, ISO 8601, then `|` and the holder) if
 * it is running and no one holds an unexpired lease at `now`; whether it did.
 */
export async function claimRootKeyRotation(db: Kysely<Database>, id: string, now: string, lease: string): Promise<boolean> {
  const result = await db
    .updateTable('root_key_rotations')
    .set({ lease_until: lease })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Writes the job's progress while `lease` is still the lease it holds; whether it did. */
export async function updateRootKeyRotation(db: Kysely<Database>, id: string, lease: string, changes: Updateable<RootKeyRotationsTable>): Promise<boolean> {
  const result = await db.updateTable('root_key_rotations').set(changes).where('id', '=', id).where('lease_until', '=', lease).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A failed rotation set running again (its lease was released when it failed); whether it was failed. */
export async function resumeRootKeyRotation(db: Kysely<Database>, id: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('root_key_rotations')
    .set({ status: 'running', error_code: null, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function findInstallationKeyPolicy(db: Kysely<Database>, policy: InstallationKeyPolicy): Promise<InstallationKeyPolicyRow | undefined> {
  return db.selectFrom(policy).select(['rotation_days', 'ticket', 'changed_at', 'changed_by']).where('id', '=', 1).executeTakeFirst();
}

/** Stores a rotation period of the installation's keys, replacing any earlier one. */
export async function saveInstallationKeyPolicy(db: Kysely<Database>, policy: InstallationKeyPolicy, row: InstallationKeyPolicyRow): Promise<void> {
  await db
    .insertInto(policy)
    .values({ id: 1, ...row })
    .onConflict((oc) => oc.column('id').doUpdateSet(row))
    .execute();
}
