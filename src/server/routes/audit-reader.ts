import type { Principal } from '../../access/index.js';
import { OPERATOR_LOG } from '../../audit/index.js';
import { SealdeskError } from '../../errors/index.js';

const TENANT_READERS = new Set(['owner', 'admin', 'security', 'auditor']);
const OPERATOR_READERS = new Set(['owner', 'security']);

/**
 * Who may read a log: a tenant's owner, admin, security officer or auditor their tenant's log;
 * the operator's owner or security staff the operator's log. Nobody else — and another tenant's
 * log answers `not_found`, like a missing one.
 */
export function requireAuditReader(principal: Principal, logId: string): void {
  if (logId === OPERATOR_LOG) {
    if (principal.kind === 'operator' && OPERATOR_READERS.has(principal.role)) return;
    throw new SealdeskError('access_denied');
  }
  if (principal.kind !== 'member' || principal.tenantId !== logId) {
    throw new SealdeskError(principal.kind === 'operator' ? 'access_denied' : 'not_found');
  }
  if (!TENANT_READERS.has(principal.role)) throw new SealdeskError('access_denied');
}
