import type { Kysely } from 'kysely';
import { findTrainingConsent, findTenant, type Database } from '../../store/index.js';

/**
 * A tenant's training choice: whether its conversations may be used, pseudonymised, for training
 * or evaluation. Every tenant starts opted out, and so is every tenant from before the setting
 * existed; only its owner changes it.
 */
export interface TrainingConsent {
  readonly optedIn: boolean;
  /** The ticket, time and member of the last change; null while the tenant has never chosen. */
  readonly ticket: string | null;
  readonly updatedAt: string | null;
  readonly updatedBy: string | null;
}

/** Opted out, never changed. */
export const DEFAULT_TRAINING_CONSENT: TrainingConsent = { optedIn: false, ticket: null, updatedAt: null, updatedBy: null };

/** The tenant's choice (the default until it makes one); `undefined` when there is no such tenant. */
export async function loadTrainingConsent(db: Kysely<Database>, tenantId: string): Promise<TrainingConsent | undefined> {
  if (!(await findTenant(db, tenantId))) return undefined;
  const row = await findTrainingConsent(db, tenantId);
  if (!row) return DEFAULT_TRAINING_CONSENT;
  return { optedIn: Number(row.opted_in) === 1, ticket: row.ticket, updatedAt: row.updated_at, updatedBy: row.updated_by };
}
