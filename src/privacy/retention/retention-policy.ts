import { z } from 'zod';
import { SealdeskError } from '../../errors/index.js';

/**
 * How long a tenant keeps its data, in days. Audit entry bodies are not here: they follow the
 * audit log's own retention (`tenants.audit_retention_days`, see docs/audit.md), shown beside it.
 */
export interface RetentionPolicy {
  /** A resolved conversation is deleted this long after it last changed. */
  readonly conversationDays: number;
  /** A contact (with all their conversations) is deleted this long after their last activity. */
  readonly contactDays: number;
  /** A knowledge-base article is deleted this long after its last update; null: kept. */
  readonly kbDays: number | null;
}

/** Until a tenant sets a policy: resolved conversations two years, contacts three, articles kept. */
export const DEFAULT_RETENTION_POLICY: RetentionPolicy = { conversationDays: 730, contactDays: 1095, kbDays: null };

/** The bounds of each period, in days. */
export const RETENTION_BOUNDS = {
  conversationDays: { min: 7, max: 3650 },
  contactDays: { min: 30, max: 3650 },
  kbDays: { min: 30, max: 3650 },
} as const;

/** The shape the API takes; the bounds are checked by `validateRetentionPolicy`, with their own error code. */
export const retentionPolicySchema = z
  .object({ conversationDays: z.number(), contactDays: z.number(), kbDays: z.number().nullable() })
  .strict();

/**
 * The policy if valid — each period a whole number of days within its bounds, and contacts kept
 * at least as long as resolved conversations (deleting a contact takes their conversations) —
 * else `retention_policy_invalid`, saying which rule it breaks.
 */
export function validateRetentionPolicy(policy: RetentionPolicy): RetentionPolicy {
  for (const field of ['conversationDays', 'contactDays', 'kbDays'] as const) {
    const value = policy[field];
    if (value === null && field === 'kbDays') continue;
    const { min, max } = RETENTION_BOUNDS[field];
    if (value === null || !Number.isInteger(value) || value < min || value > max) {
      throw invalid(`${field} must be a whole number of days from ${min} to ${max}${field === 'kbDays' ? ', or null to keep articles' : ''}.`);
    }
  }
  if (policy.contactDays < policy.conversationDays) throw invalid('contactDays must be at least conversationDays.');
  return policy;
}

const invalid = (userMessage: string) => new SealdeskError('retention_policy_invalid', { userMessage });

/** Whether `next` keeps anything for less time than `current` (starting to purge articles counts). */
export function isShortening(current: RetentionPolicy, next: RetentionPolicy): boolean {
  if (next.conversationDays < current.conversationDays || next.contactDays < current.contactDays) return true;
  if (next.kbDays === null) return false;
  return current.kbDays === null || next.kbDays < current.kbDays;
}
