import type { OperatorRole, Principal, TenantRole } from '../access/index.js';
import { OPERATOR_SCOPE } from './alert.js';

const TENANT_ALERT_MANAGERS: ReadonlySet<TenantRole> = new Set(['owner', 'admin', 'security']);
const OPERATOR_ALERT_MANAGERS: ReadonlySet<OperatorRole> = new Set(['owner', 'security']);

/** Whether an alert operation is allowed, and the stable name of the rule that decided. */
export interface AlertDecision {
  readonly allow: boolean;
  readonly rule: string;
}

const allow = (rule: string): AlertDecision => ({ allow: true, rule });
const deny = (rule: string): AlertDecision => ({ allow: false, rule });

/**
 * Whether `principal` may read, acknowledge and configure the alerts of `scope` (a tenant id, or
 * `operator`): a tenant's owner, admin and security officers for the tenant; the operator's owner
 * and security staff for the operator scope. Nobody else, and nobody across scopes; another
 * tenant's scope is the rule `other-tenant`, which the API answers as `not_found`. Pure, and
 * denies what it does not name.
 */
export function canManageAlerts(principal: Principal, scope: string): AlertDecision {
  switch (principal.kind) {
    case 'operator':
      if (scope !== OPERATOR_SCOPE) return deny('operator-cannot-manage-tenant-alerts');
      return OPERATOR_ALERT_MANAGERS.has(principal.role) ? allow('operator-alert-manager') : deny('role-cannot-manage-alerts');
    case 'member':
      if (scope === OPERATOR_SCOPE) return deny('operator-staff-only');
      if (scope !== principal.tenantId) return deny('other-tenant');
      return TENANT_ALERT_MANAGERS.has(principal.role) ? allow('tenant-alert-manager') : deny('role-cannot-manage-alerts');
    case 'contact':
      if (scope === OPERATOR_SCOPE) return deny('operator-staff-only');
      return scope === principal.tenantId ? deny('contact-cannot') : deny('other-tenant');
    case 'system':
      return deny('system-cannot-manage-alerts');
  }
}
