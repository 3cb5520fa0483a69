import type { Principal } from '../access/index.js';
import { SealdeskError } from '../errors/index.js';
import { findTenant } from '../store/index.js';
import { OPERATOR_SCOPE } from './alert.js';
import type { AlertDeps } from './alert-deps.js';
import { canManageAlerts } from './can-manage-alerts.js';

/**
 * The check every alert operation starts with: the scope exists and `canManageAlerts` allows the
 * principal. Throws `not_found` for an unknown tenant or another tenant's scope (as if absent),
 * `access_denied` otherwise.
 */
export async function authorizeAlertScope(deps: Pick<AlertDeps, 'db'>, principal: Principal, scope: string): Promise<void> {
  if (scope !== OPERATOR_SCOPE && !(await findTenant(deps.db, scope))) throw new SealdeskError('not_found');
  const decision = canManageAlerts(principal, scope);
  if (decision.allow) return;
  if (decision.rule === 'other-tenant') throw new SealdeskError('not_found');
  throw new SealdeskError('access_denied', { detail: `denied by rule ${decision.rule}` });
}
