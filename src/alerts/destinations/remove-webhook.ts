import type { Principal } from '../../access/index.js';
import { SealdeskError } from '../../errors/index.js';
import type { AlertDeps } from '../alert-deps.js';
import { authorizeAlertScope } from '../authorize-alert-scope.js';
import { markWebhookRemoved } from '../store/webhooks.js';

/** Removes a webhook of the scope; its pending deliveries then fail as `destination_removed`. */
export async function removeWebhook(deps: AlertDeps, principal: Principal, scope: string, webhookId: string): Promise<void> {
  await authorizeAlertScope(deps, principal, scope);
  if (!(await markWebhookRemoved(deps.db, scope, webhookId, deps.clock.now().toISOString()))) {
    throw new SealdeskError('not_found');
  }
}
