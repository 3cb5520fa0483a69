import type { Principal, TenantRole } from '../../access/index.js';

/** Who may run a data subject's export or erasure, and the rule that decided. */
export interface SubjectRequestDecision {
  readonly allow: boolean;
  readonly rule: string;
}

const HANDLERS: ReadonlySet<TenantRole> = new Set(['owner', 'admin']);

/**
 * A data subject's request (export or erasure) is run by the tenant's owner or admin — the data
 * controller's own staff, who must answer it — never by operator staff, agents, managers,
 * security officers, auditors or contacts; or by the `sealdesk privacy` command (the system
 * principal: whoever runs it holds the installation's keys already). Pure; another tenant is
 * `other-tenant`.
 */
export function canHandleSubjectRequest(principal: Principal, tenantId: string): SubjectRequestDecision {
  if (principal.kind === 'system') return { allow: true, rule: 'system-job' };
  if (principal.kind !== 'member') return { allow: false, rule: principal.kind === 'operator' ? 'operator-no-subject-requests' : `${principal.kind}-cannot` };
  if (principal.tenantId !== tenantId) return { allow: false, rule: 'other-tenant' };
  return HANDLERS.has(principal.role) ? { allow: true, rule: 'subject-request-handler' } : { allow: false, rule: 'role-cannot-handle-subject-requests' };
}
