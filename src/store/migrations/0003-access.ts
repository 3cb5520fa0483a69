import type { Kysely } from 'kysely';

/** Teams and team queues, tenant access policies, access requests (grants) and their approvals. */
export function access() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('teams')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('teams_tenant_name', ['tenant_id', 'name'])
        .execute();
      await db.schema
        .createTable('team_members')
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
        .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('team_members_pk', ['team_id', 'member_id'])
        .execute();
      await db.schema.createIndex('team_members_tenant_member').on('team_members').columns(['tenant_id', 'member_id']).execute();
      await db.schema.alterTable('conversations').addColumn('team_id', 'text').execute();

      await db.schema
        .createTable('access_policies')
        .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id'))
        .addColumn('policy', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('access_grants')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('holder_id', 'text', (c) => c.notNull())
        .addColumn('holder_kind', 'text', (c) => c.notNull())
        .addColumn('holder_role', 'text', (c) => c.notNull())
        .addColumn('scope_kind', 'text', (c) => c.notNull())
        .addColumn('conversation_ids', 'text')
        .addColumn('contact_id', 'text')
        .addColumn('view', 'text')
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('ticket', 'text', (c) => c.notNull())
        .addColumn('break_glass', 'integer', (c) => c.notNull())
        .addColumn('duration_minutes', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('required_approvals', 'text', (c) => c.notNull())
        .addColumn('payload', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('pending_until', 'text', (c) => c.notNull())
        .addColumn('approved_at', 'text')
        .addColumn('activated_at', 'text')
        .addColumn('expires_at', 'text')
        .addColumn('ended_at', 'text')
        .addColumn('ended_by', 'text')
        .addColumn('reviewed_by', 'text')
        .addColumn('reviewer_role', 'text')
        .addColumn('review_outcome', 'text')
        .addColumn('review_notes', 'text')
        .addColumn('reviewed_at', 'text')
        .addColumn('escalated_at', 'text')
        .execute();
      await db.schema.createIndex('access_grants_tenant_created').on('access_grants').columns(['tenant_id', 'created_at']).execute();
      await db.schema
        .createIndex('access_grants_holder_status')
        .on('access_grants')
        .columns(['tenant_id', 'holder_id', 'status', 'expires_at'])
        .execute();
      await db.schema.createIndex('access_grants_unreviewed').on('access_grants').columns(['break_glass', 'reviewed_at', 'escalated_at']).execute();

      await db.schema
        .createTable('access_approvals')
        .addColumn('grant_id', 'text', (c) => c.notNull().references('access_grants.id'))
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('approver_id', 'text', (c) => c.notNull())
        .addColumn('approver_role', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('access_approvals_pk', ['grant_id', 'approver_id'])
        .execute();
    },
  };
}
