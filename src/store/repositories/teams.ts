import type { Kysely, Selectable } from 'kysely';
import type { Database, TeamsTable } from '../schema.js';

export type TeamRow = Selectable<TeamsTable>;

export async function insertTeam(db: Kysely<Database>, row: TeamRow): Promise<void> {
  await db.insertInto('teams').values(row).execute();
}

export async function findTeam(db: Kysely<Database>, tenantId: string, teamId: string): Promise<TeamRow | undefined> {
  return db.selectFrom('teams').selectAll().where('tenant_id', '=', tenantId).where('id', '=', teamId).executeTakeFirst();
}

export async function findTeamByName(db: Kysely<Database>, tenantId: string, name: string): Promise<TeamRow | undefined> {
  return db.selectFrom('teams').selectAll().where('tenant_id', '=', tenantId).where('name', '=', name).executeTakeFirst();
}

/** The teams a member belongs to. */
export async function listTeamIdsOf(db: Kysely<Database>, tenantId: string, memberId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('team_members')
    .select('team_id')
    .where('tenant_id', '=', tenantId)
    .where('member_id', '=', memberId)
    .orderBy('team_id')
    .execute();
  return rows.map((row) => row.team_id);
}

export async function listTeamMemberIds(db: Kysely<Database>, tenantId: string, teamId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('team_members')
    .select('member_id')
    .where('tenant_id', '=', tenantId)
    .where('team_id', '=', teamId)
    .orderBy('member_id')
    .execute();
  return rows.map((row) => row.member_id);
}

/** Adds a member to a team; adding them twice is a no-op. */
export async function insertTeamMember(db: Kysely<Database>, tenantId: string, teamId: string, memberId: string, now: string): Promise<void> {
  await db
    .insertInto('team_members')
    .values({ tenant_id: tenantId, team_id: teamId, member_id: memberId, created_at: now })
    .onConflict((oc) => oc.columns(['team_id', 'member_id']).doNothing())
    .execute();
}

/** Removes a member from one team, or from all of the tenant's teams when `teamId` is undefined. */
export async function deleteTeamMember(db: Kysely<Database>, tenantId: string, memberId: string, teamId?: string): Promise<void> {
  let query = db.deleteFrom('team_members').where('tenant_id', '=', tenantId).where('member_id', '=', memberId);
  if (teamId !== undefined) query = query.where('team_id', '=', teamId);
  await query.execute();
}

/** Puts a conversation in a team's queue (or takes it out, with null). */
export async function setConversationTeam(
  db: Kysely<Database>,
  tenantId: string,
  conversationId: string,
  teamId: string | null,
  now: string,
): Promise<void> {
  await db
    .updateTable('conversations')
    .set({ team_id: teamId, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', conversationId)
    .execute();
}
