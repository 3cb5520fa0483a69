import type { Kysely, Selectable } from 'kysely';
import type { ApiKeysTable, Database, MembersTable } from '../schema.js';

export type MemberRow = Selectable<MembersTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;

export async function insertMember(db: Kysely<Database>, row: MemberRow): Promise<void> {
  await db.insertInto('members').values(row).execute();
}

/** An active (not removed) member of `scope`, a tenant id or `operator`. */
export async function findActiveMember(
  db: Kysely<Database>,
  scope: string,
  memberId: string,
): Promise<MemberRow | undefined> {
  return db
    .selectFrom('members')
    .selectAll()
    .where('scope', '=', scope)
    .where('id', '=', memberId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
}

export async function findActiveMemberByEmail(
  db: Kysely<Database>,
  scope: string,
  email: string,
): Promise<MemberRow | undefined> {
  return db
    .selectFrom('members')
    .selectAll()
    .where('scope', '=', scope)
    .where('email', '=', email)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
}

export async function countActiveMembers(db: Kysely<Database>, scope: string): Promise<number> {
  const row = await db
    .selectFrom('members')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('scope', '=', scope)
    .where('removed_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function insertApiKey(db: Kysely<Database>, row: ApiKeyRow): Promise<void> {
  await db.insertInto('api_keys').values(row).execute();
}

/** The live key with this id and its active member, or nothing. */
export async function findLiveApiKey(
  db: Kysely<Database>,
  keyId: string,
): Promise<{ key: ApiKeyRow; member: MemberRow } | undefined> {
  const key = await db
    .selectFrom('api_keys')
    .selectAll()
    .where('id', '=', keyId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!key) return undefined;
  const member = await db
    .selectFrom('members')
    .selectAll()
    .where('id', '=', key.member_id)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return member ? { key, member } : undefined;
}

export async function countActiveOwners(db: Kysely<Database>, scope: string): Promise<number> {
  const row = await db
    .selectFrom('members')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('scope', '=', scope)
    .where('role', '=', 'owner')
    .where('removed_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
