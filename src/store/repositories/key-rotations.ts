import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Database, KeyRotationsTable } from '../schema.js';

export type KeyRotationRow = Selectable<KeyRotationsTable>;

/**
 * Records a new rotation; false (nothing written) when the scope has an unfinished one already —
 * the unique index on unfinished rotations decides, so two concurrent starts cannot both win.
 */
export async function insertKeyRotation(db: Kysely<Database>, row: KeyRotationRow): Promise<boolean> {
  if ((await findUnfinishedKeyRotation(db, row.scope)) !== undefined) return false;
  try {
    await db.insertInto('key_rotations').values(row).execute();
    return true;
  } catch (error) {
    if ((await findUnfinishedKeyRotation(db, row.scope)) !== undefined) return false;
    throw error;
  }
}

export async function findKeyRotation(db: Kysely<Database>, id: string): Promise<KeyRotationRow | undefined> {
  return db.selectFrom('key_rotations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUnfinishedKeyRotation(db: Kysely<Database>, scope: string): Promise<KeyRotationRow | undefined> {
  return db.selectFrom('key_rotations').selectAll().where('scope', '=', scope).where('status', '<>', 'completed').executeTakeFirst();
}

/** The scope's rotations, newest first. */
export async function listKeyRotations(db: Kysely<Database>, scope: string, limit: number): Promise<KeyRotationRow[]> {
  return db.selectFrom('key_rotations').selectAll().where('scope', '=', scope).orderBy('started_at', 'desc').orderBy('id').limit(limit).execute();
}

/** Every rotation still running (not failed, not completed), oldest first. */
export async function listRunningKeyRotations(db: Kysely<Database>): Promise<KeyRotationRow[]> {
  return db.selectFrom('key_rotations').selectAll().where('status', '=', 'running').orderBy('started_at').orderBy('id').execute();
}

/**
 * Takes the rotation's lease (`lease`: the time it lapses, ISO 8601, then `|` and the holder) if
 * no one holds an unexpired one at `now`; whether it did. A runner that dies lets its lease lapse,
 * and another resumes the job.
 */
export async function claimKeyRotation(db: Kysely<Database>, id: string, now: string, lease: string): Promise<boolean> {
  const result = await db
    .updateTable('key_rotations')
    .set({ lease_until: lease })
    .where('id', '=', id)
    .where('status', '<>', 'completed')
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Writes the job's progress while `lease` is still the lease it holds; whether it did. */
export async function updateKeyRotation(db: Kysely<Database>, id: string, lease: string, changes: Updateable<KeyRotationsTable>): Promise<boolean> {
  const result = await db.updateTable('key_rotations').set(changes).where('id', '=', id).where('lease_until', '=', lease).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A failed rotation set running again (its lease was released when it failed); whether it was failed. */
export async function resumeKeyRotation(db: Kysely<Database>, id: string, now: string): Promise<boolean> {
  const result = await db.updateTable('key_rotations').set({ status: 'running', error_code: null, updated_at: now }).where('id', '=', id).where('status', '=', 'failed').executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Removes a rotation whose job never began (an import that made no key), while `lease` is still held; whether it did. */
export async function deleteKeyRotation(db: Kysely<Database>, id: string, lease: string): Promise<boolean> {
  const result = await db.deleteFrom('key_rotations').where('id', '=', id).where('lease_until', '=', lease).where('phase', '=', 'keys').executeTakeFirst();
  return result.numDeletedRows > 0n;
}
