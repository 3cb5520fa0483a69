/** What a legal hold keeps: the whole tenant, one contact (and all their conversations), or one conversation. */
export const LEGAL_HOLD_TARGETS = ['tenant', 'contact', 'conversation'] as const;
export type LegalHoldTarget = (typeof LEGAL_HOLD_TARGETS)[number];

/**
 * A legal hold: while it is in force (`releasedAt` null) retention never deletes its target.
 * Ids and times only; the reason text lives beside it in storage.
 */
export interface LegalHold {
  readonly id: string;
  readonly tenantId: string;
  readonly target: LegalHoldTarget;
  /** The tenant, contact or conversation id. */
  readonly targetId: string;
  readonly ticket: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly releasedAt: string | null;
  readonly releasedBy: string | null;
}
