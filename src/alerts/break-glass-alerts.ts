import type { BreakGlassNotifier } from '../access/index.js';
import type { AlertDeps } from './alert-deps.js';
import { alertSummary } from './alert-summary.js';
import { raiseAlert } from './raise-alert.js';

/**
 * Break-glass notices as alerts: a critical alert when one is activated and a warning when its
 * review is overdue, each to the tenant's security contacts and copied to the operator's.
 */
export function breakGlassAlerts(deps: Pick<AlertDeps, 'db' | 'clock'>): BreakGlassNotifier {
  return {
    async activated(notice) {
      await raiseAlert(deps, {
        scope: notice.tenantId,
        kind: 'break-glass',
        severity: 'critical',
        summary: alertSummary`Break-glass access ${notice.grantId as `acr_${string}`} by ${notice.holderId as `mem_${string}`} for ${notice.durationMinutes} minutes`,
        details: {
          grantId: notice.grantId as `acr_${string}`,
          holderId: notice.holderId as `mem_${string}`,
          operatorStaff: notice.holderKind === 'operator',
          fullView: notice.view === 'full',
          durationMinutes: notice.durationMinutes,
        },
        copyToOperator: true,
      });
    },
    async reviewOverdue(notice) {
      await raiseAlert(deps, {
        scope: notice.tenantId,
        kind: 'break-glass',
        severity: 'warning',
        summary: alertSummary`Break-glass access ${notice.grantId as `acr_${string}`} is still unreviewed, ${notice.overdueHours} hours past its review deadline`,
        details: { grantId: notice.grantId as `acr_${string}`, holderId: notice.holderId as `mem_${string}`, overdueHours: notice.overdueHours },
        copyToOperator: true,
      });
    },
  };
}
