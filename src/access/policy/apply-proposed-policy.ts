import type { Kysely } from 'kysely';
import { SealdeskError } from '../../errors/index.js';
import { saveAccessPolicy, type AccessGrantRow, type Database } from '../../store/index.js';
import type { AccessPolicy } from './access-policy.js';
import { accessPolicySchema } from './access-policy-schema.js';

/** A proposed policy and the version it was proposed against, as a `policy-change` carries it. */
export interface PolicyProposal {
  readonly policy: AccessPolicy;
  readonly baseVersion: number;
}

export function proposalPayload(proposal: PolicyProposal): string {
  return JSON.stringify(proposal);
}

/** The proposal a `policy-change` request carries; `internal` when it has none that parses. */
export function proposedPolicyOf(row: AccessGrantRow): PolicyProposal {
  const raw = JSON.parse(row.payload ?? 'null') as { policy?: unknown; baseVersion?: unknown } | null;
  const policy = accessPolicySchema.safeParse(raw?.policy);
  if (!policy.success || typeof raw?.baseVersion !== 'number') {
    throw new SealdeskError('internal', { detail: `policy-change ${row.id} carries no valid proposal` });
  }
  return { policy: policy.data, baseVersion: raw.baseVersion };
}

/**
 * Stores `proposal` as the tenant's policy, version `baseVersion + 1`. If the policy changed since
 * the proposal was made, nothing is stored and `grant_state_conflict` is thrown: approvers
 * approved a change to the policy they saw, not to a newer one.
 */
export async function applyProposedPolicy(db: Kysely<Database>, tenantId: string, proposal: PolicyProposal, updatedBy: string, now: Date): Promise<void> {
  const saved = await saveAccessPolicy(db, {
    tenant_id: tenantId,
    policy: JSON.stringify(proposal.policy),
    version: proposal.baseVersion + 1,
    updated_at: now.toISOString(),
    updated_by: updatedBy,
  });
  if (!saved) throw new SealdeskError('grant_state_conflict', { detail: `access policy of ${tenantId} changed since version ${proposal.baseVersion}` });
}
