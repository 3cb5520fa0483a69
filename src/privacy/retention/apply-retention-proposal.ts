import type { Kysely } from 'kysely';
import { SealdeskError } from '../../errors/index.js';
import { saveRetentionPolicy, type AccessGrantRow, type Database } from '../../store/index.js';
import { validateRetentionPolicy, type RetentionPolicy } from './retention-policy.js';

/** A proposed retention policy and the version it was proposed against, as a `retention-change` request carries it. */
export interface RetentionProposal {
  readonly policy: RetentionPolicy;
  readonly baseVersion: number;
}

export function retentionProposalPayload(proposal: RetentionProposal): string {
  return JSON.stringify(proposal);
}

/** The proposal a `retention-change` request carries; `internal` when it has none that is valid. */
export function proposedRetentionOf(row: AccessGrantRow): RetentionProposal {
  const raw = JSON.parse(row.payload ?? 'null') as { policy?: RetentionPolicy; baseVersion?: unknown } | null;
  if (raw?.policy === undefined || typeof raw.baseVersion !== 'number') {
    throw new SealdeskError('internal', { detail: `retention-change ${row.id} carries no proposal` });
  }
  try {
    return { policy: validateRetentionPolicy(raw.policy), baseVersion: raw.baseVersion };
  } catch (cause) {
    throw new SealdeskError('internal', { detail: `retention-change ${row.id} carries an invalid proposal`, cause });
  }
}

/**
 * Stores `proposal` as the tenant's retention policy, version `baseVersion + 1`. If the policy
 * changed since it was proposed, nothing is stored and `conflict` is thrown: what was approved
 * (or asked for) was a change to the policy then in force.
 */
export async function applyRetentionProposal(db: Kysely<Database>, tenantId: string, proposal: RetentionProposal, updatedBy: string, now: Date): Promise<void> {
  const saved = await saveRetentionPolicy(db, {
    tenant_id: tenantId,
    conversation_days: proposal.policy.conversationDays,
    contact_days: proposal.policy.contactDays,
    kb_days: proposal.policy.kbDays,
    version: proposal.baseVersion + 1,
    updated_at: now.toISOString(),
    updated_by: updatedBy,
  });
  if (!saved) throw new SealdeskError('conflict', { userMessage: 'The retention policy changed since this change was proposed; propose it again.' });
}
