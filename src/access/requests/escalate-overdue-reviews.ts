import type { RequestContext } from '../../common/index.js';
import { listAccessApprovals, listUnescalatedBreakGlass, markAccessGrantEscalated } from '../../store/index.js';
import { enforce } from '../enforce.js';
import { grantFromRow } from '../grants/grant-record.js';
import { loadAccessPolicy } from '../policy/load-access-policy.js';
import type { Principal } from '../principal.js';
import { recordAccessEvent } from '../record-access-event.js';
import type { AccessDeps } from './access-deps.js';

/** The shortest review deadline a policy may set; nothing younger can be overdue. */
const MIN_REVIEW_HOURS = 1;

/**
 * Escalates every break-glass grant, in any tenant, still unreviewed past its tenant's
 * `breakGlass.reviewWithinHours`: raises the overdue alert, records `break-glass.escalated` in
 * the tenant's log and marks it escalated, once. Run by the operator's owner or security staff
 * (or a scheduler acting as them). Returns how many it escalated.
 */
export async function escalateOverdueReviews(deps: AccessDeps, principal: Principal, request: RequestContext): Promise<{ escalated: number }> {
  await enforce(deps, { principal, action: 'break-glass.escalate', resource: {}, request, audit: { action: 'break-glass.escalated' } });
  const now = deps.clock.now();
  const candidates = await listUnescalatedBreakGlass(deps.db, new Date(now.getTime() - MIN_REVIEW_HOURS * 3_600_000).toISOString());
  let escalated = 0;
  for (const row of candidates) {
    const grant = grantFromRow(row, await listAccessApprovals(deps.db, row.tenant_id, [row.id]));
    const { policy } = await loadAccessPolicy(deps.db, grant.tenantId);
    const overdueMs = now.getTime() - Date.parse(grant.activatedAt ?? grant.createdAt) - policy.breakGlass.reviewWithinHours * 3_600_000;
    if (overdueMs < 0) continue;
    await deps.breakGlassNotifier.reviewOverdue({
      tenantId: grant.tenantId,
      grantId: grant.id,
      holderId: grant.holder.id,
      holderKind: grant.holder.kind,
      view: grant.view ?? 'full',
      durationMinutes: grant.durationMinutes,
      overdueHours: Math.floor(overdueMs / 3_600_000),
    });
    await recordAccessEvent(deps, principal, request, {
      action: 'break-glass.escalated',
      tenantId: grant.tenantId,
      outcome: 'allowed',
      rule: 'review-overdue',
      grant: grant.id,
      ticket: grant.ticket,
    });
    await markAccessGrantEscalated(deps.db, grant.tenantId, grant.id, now.toISOString());
    escalated++;
  }
  return { escalated };
}
