import type { Kysely } from 'kysely';
import { SealdeskError } from '../../errors/index.js';
import { findAccessPolicy, type Database } from '../../store/index.js';
import { DEFAULT_ACCESS_POLICY, type AccessPolicy } from './access-policy.js';
import { accessPolicySchema } from './access-policy-schema.js';

/** A tenant's policy and its version (0: the default, never stored). */
export interface StoredAccessPolicy {
  readonly policy: AccessPolicy;
  readonly version: number;
  readonly updatedAt: string | null;
}

/**
 * The tenant's access policy, or the default when it has none. A stored policy that no longer
 * parses fails closed with `internal` rather than falling back to the default.
 */
export async function loadAccessPolicy(db: Kysely<Database>, tenantId: string): Promise<StoredAccessPolicy> {
  const row = await findAccessPolicy(db, tenantId);
  if (!row) return { policy: DEFAULT_ACCESS_POLICY, version: 0, updatedAt: null };
  const parsed = accessPolicySchema.safeParse(JSON.parse(row.policy));
  if (!parsed.success) throw new SealdeskError('internal', { detail: `stored access policy of ${tenantId} does not parse` });
  return { policy: parsed.data, version: Number(row.version), updatedAt: row.updated_at };
}
