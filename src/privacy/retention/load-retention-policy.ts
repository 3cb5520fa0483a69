import type { Kysely } from 'kysely';
import { findRetentionPolicy, findTenant, type Database } from '../../store/index.js';
import { DEFAULT_RETENTION_POLICY, type RetentionPolicy } from './retention-policy.js';

/** A tenant's retention as stored: its policy (the default until it sets one), version and audit retention. */
export interface StoredRetention {
  readonly policy: RetentionPolicy;
  /** 0 until the tenant sets a policy. */
  readonly version: number;
  readonly updatedAt: string | null;
  readonly updatedBy: string | null;
  /** Audit entry bodies, from the audit log's own setting (`POST …/audit/retention`). */
  readonly auditBodyDays: number;
}

/** The tenant's retention; `undefined` when there is no such tenant. */
export async function loadRetentionPolicy(db: Kysely<Database>, tenantId: string): Promise<StoredRetention | undefined> {
  const tenant = await findTenant(db, tenantId);
  if (!tenant) return undefined;
  const row = await findRetentionPolicy(db, tenantId);
  return {
    policy: row ? { conversationDays: Number(row.conversation_days), contactDays: Number(row.contact_days), kbDays: row.kb_days === null ? null : Number(row.kb_days) } : DEFAULT_RETENTION_POLICY,
    version: row ? Number(row.version) : 0,
    updatedAt: row?.updated_at ?? null,
    updatedBy: row?.updated_by ?? null,
    auditBodyDays: Number(tenant.audit_retention_days),
  };
}
