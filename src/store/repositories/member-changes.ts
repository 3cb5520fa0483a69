import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** Changes an active member's role. */
export async function setMemberRole(db: Kysely<Database>, scope: string, memberId: string, role: string): Promise<void> {
  await db.updateTable('members').set({ role }).where('scope', '=', scope).where('id', '=', memberId).where('removed_at', 'is', null).execute();
}

/** Marks an active member removed; they can no longer authenticate. */
export async function markMemberRemoved(db: Kysely<Database>, scope: string, memberId: string, now: string): Promise<void> {
  await db.updateTable('members').set({ removed_at: now }).where('scope', '=', scope).where('id', '=', memberId).where('removed_at', 'is', null).execute();
}

/** Revokes every live API key of a member; returns how many. */
export async function revokeApiKeysOf(db: Kysely<Database>, memberId: string, now: string): Promise<number> {
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .where('member_id', '=', memberId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
