import { SealdeskError } from '../../errors/index.js';
import type { LegalHoldRow } from '../../store/index.js';
import { LEGAL_HOLD_TARGETS, type LegalHold } from './legal-hold.js';

/** A stored hold, checked. */
export function legalHoldFromRow(row: LegalHoldRow): LegalHold {
  const target = LEGAL_HOLD_TARGETS.find((known) => known === row.target_kind);
  if (target === undefined) throw new SealdeskError('internal', { detail: `legal hold ${row.id} has an unknown target kind` });
  return {
    id: row.id,
    tenantId: row.tenant_id,
    target,
    targetId: row.target_id,
    ticket: row.ticket,
    createdBy: row.created_by,
    createdAt: row.created_at,
    releasedAt: row.released_at,
    releasedBy: row.released_by,
  };
}
