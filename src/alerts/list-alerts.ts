import type { Principal } from '../access/index.js';
import type { Alert } from './alert.js';
import type { AlertDeps } from './alert-deps.js';
import { authorizeAlertScope } from './authorize-alert-scope.js';
import { listAlerts as listAlertRows } from './store/alerts.js';

export const MAX_ALERT_PAGE_SIZE = 200;

/** The scope's alerts, newest first, for those who manage its alerts. */
export async function listAlerts(
  deps: AlertDeps,
  principal: Principal,
  scope: string,
  options: { readonly limit: number },
): Promise<Alert[]> {
  await authorizeAlertScope(deps, principal, scope);
  return listAlertRows(deps.db, scope, Math.min(options.limit, MAX_ALERT_PAGE_SIZE));
}
