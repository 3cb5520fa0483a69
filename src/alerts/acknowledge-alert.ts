import type { Principal } from '../access/index.js';
import { SealdeskError } from '../errors/index.js';
import type { Alert } from './alert.js';
import type { AlertDeps } from './alert-deps.js';
import { authorizeAlertScope } from './authorize-alert-scope.js';
import { findAlert, markAlertAcknowledged } from './store/alerts.js';

/**
 * Marks an alert of the scope acknowledged by the principal and returns it. Idempotent: the first
 * acknowledgement (who and when) is kept. Acknowledging does not stop pending deliveries.
 */
export async function acknowledgeAlert(deps: AlertDeps, principal: Principal, scope: string, alertId: string): Promise<Alert> {
  await authorizeAlertScope(deps, principal, scope);
  await markAlertAcknowledged(deps.db, scope, alertId, principal.id, deps.clock.now().toISOString());
  const alert = await findAlert(deps.db, scope, alertId);
  if (!alert) throw new SealdeskError('not_found');
  return alert;
}
