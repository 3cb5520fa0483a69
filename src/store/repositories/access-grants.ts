import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { AccessApprovalsTable, AccessGrantsTable, Database } from '../schema.js';

export type AccessGrantRow = Selectable<AccessGrantsTable>;
export type AccessApprovalRow = Selectable<AccessApprovalsTable>;
export type NewAccessGrantRow = Insertable<AccessGrantsTable>;

/** The statuses in which a grant may still open something or still be decided on. */
const OPEN_STATUSES = ['pending', 'approved', 'active'];

export async function insertAccessGrant(db: Kysely<Database>, row: NewAccessGrantRow): Promise<void> {
  await db.insertInto('access_grants').values(row).execute();
}

export async function insertAccessApproval(db: Kysely<Database>, row: AccessApprovalRow): Promise<void> {
  await db.insertInto('access_approvals').values(row).execute();
}

/**
 * The tenant an access request belongs to. Only for routes whose URL carries no tenant; callers
 * must still authorise against the tenant it returns.
 */
export async function findAccessGrantTenant(db: Kysely<Database>, grantId: string): Promise<string | undefined> {
  const row = await db.selectFrom('access_grants').select('tenant_id').where('id', '=', grantId).executeTakeFirst();
  return row?.tenant_id;
}

export async function findAccessGrant(db: Kysely<Database>, tenantId: string, grantId: string): Promise<AccessGrantRow | undefined> {
  return db.selectFrom('access_grants').selectAll().where('tenant_id', '=', tenantId).where('id', '=', grantId).executeTakeFirst();
}

export async function listAccessApprovals(
  db: Kysely<Database>,
  tenantId: string,
  grantIds: readonly string[],
): Promise<AccessApprovalRow[]> {
  if (grantIds.length === 0) return [];
  return db
    .selectFrom('access_approvals')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('grant_id', 'in', grantIds)
    .orderBy('created_at')
    .execute();
}

/** A holder's grants on a tenant that were live when stored: approved or active, deadline after `now`. */
export async function listLiveAccessGrantsOf(
  db: Kysely<Database>,
  tenantId: string,
  holderId: string,
  now: string,
): Promise<AccessGrantRow[]> {
  return db
    .selectFrom('access_grants')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('holder_id', '=', holderId)
    .where('status', 'in', ['approved', 'active'])
    .where('expires_at', '>', now)
    .execute();
}

/** A holder's requests and grants not yet ended, on one tenant or (tenant `undefined`, for operator staff) any. */
export async function listOpenAccessGrantsOf(
  db: Kysely<Database>,
  tenantId: string | undefined,
  holderId: string,
): Promise<AccessGrantRow[]> {
  let query = db.selectFrom('access_grants').selectAll().where('holder_id', '=', holderId).where('status', 'in', OPEN_STATUSES);
  if (tenantId !== undefined) query = query.where('tenant_id', '=', tenantId);
  return query.execute();
}

/** A tenant's requests and grants of one kind (e.g. `dataset-export`) not yet ended. */
export async function listOpenAccessGrantsOfKind(db: Kysely<Database>, tenantId: string, kind: string): Promise<AccessGrantRow[]> {
  return db.selectFrom('access_grants').selectAll().where('tenant_id', '=', tenantId).where('kind', '=', kind).where('status', 'in', OPEN_STATUSES).execute();
}

/** A tenant's open grants held by operator staff. */
export async function listOpenOperatorGrants(db: Kysely<Database>, tenantId: string): Promise<AccessGrantRow[]> {
  return db
    .selectFrom('access_grants')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('holder_kind', '=', 'operator')
    .where('status', 'in', OPEN_STATUSES)
    .execute();
}

export interface AccessGrantFilter {
  readonly status?: string | undefined;
  readonly holderId?: string | undefined;
  /** Only break-glass grants without a post-incident review. */
  readonly unreviewedBreakGlass?: boolean | undefined;
  readonly limit: number;
}

/** A tenant's requests, newest first. */
export async function listAccessGrants(db: Kysely<Database>, tenantId: string, filter: AccessGrantFilter): Promise<AccessGrantRow[]> {
  let query = db.selectFrom('access_grants').selectAll().where('tenant_id', '=', tenantId);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.holderId !== undefined) query = query.where('holder_id', '=', filter.holderId);
  if (filter.unreviewedBreakGlass) query = query.where('break_glass', '=', 1).where('reviewed_at', 'is', null);
  return query.orderBy('created_at', 'desc').orderBy('id').limit(filter.limit).execute();
}

/**
 * Break-glass grants of every tenant activated before `activatedBefore`, unreviewed and not yet
 * escalated. Crosses tenants on purpose: it feeds the operator's escalation job.
 */
export async function listUnescalatedBreakGlass(db: Kysely<Database>, activatedBefore: string): Promise<AccessGrantRow[]> {
  return db
    .selectFrom('access_grants')
    .selectAll()
    .where('break_glass', '=', 1)
    .where('reviewed_at', 'is', null)
    .where('escalated_at', 'is', null)
    .where('activated_at', '<', activatedBefore)
    .orderBy('activated_at')
    .execute();
}

/**
 * Writes `changes` to a grant only if it is still in `expectedStatus`, so two concurrent
 * transitions cannot both apply. Returns whether it did.
 */
export async function updateAccessGrant(
  db: Kysely<Database>,
  tenantId: string,
  grantId: string,
  expectedStatus: string,
  changes: Updateable<AccessGrantsTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('access_grants')
    .set(changes)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', grantId)
    .where('status', '=', expectedStatus)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Locks a grant's row for the rest of the transaction (a no-op update, which PostgreSQL holds
 * until commit; SQLite serialises writers anyway) and returns it as it now stands.
 */
export async function lockAccessGrant(db: Kysely<Database>, tenantId: string, grantId: string): Promise<AccessGrantRow | undefined> {
  return db
    .updateTable('access_grants')
    .set((eb) => ({ status: eb.ref('status') }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', grantId)
    .returningAll()
    .executeTakeFirst();
}

/** Stores the post-incident review of a grant not yet reviewed. Returns whether it did. */
export async function saveAccessGrantReview(
  db: Kysely<Database>,
  tenantId: string,
  grantId: string,
  review: { reviewed_by: string; reviewer_role: string; review_outcome: string; review_notes: string | null; reviewed_at: string },
): Promise<boolean> {
  const result = await db
    .updateTable('access_grants')
    .set(review)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', grantId)
    .where('reviewed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markAccessGrantEscalated(db: Kysely<Database>, tenantId: string, grantId: string, now: string): Promise<void> {
  await db
    .updateTable('access_grants')
    .set({ escalated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', grantId)
    .where('escalated_at', 'is', null)
    .execute();
}
