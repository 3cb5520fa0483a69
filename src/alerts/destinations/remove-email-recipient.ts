import type { Principal } from '../../access/index.js';
import { SealdeskError } from '../../errors/index.js';
import type { AlertDeps } from '../alert-deps.js';
import { authorizeAlertScope } from '../authorize-alert-scope.js';
import { markEmailRecipientRemoved } from '../store/email-recipients.js';

/** Removes an e-mail recipient of the scope; its pending deliveries then fail as `destination_removed`. */
export async function removeEmailRecipient(deps: AlertDeps, principal: Principal, scope: string, recipientId: string): Promise<void> {
  await authorizeAlertScope(deps, principal, scope);
  if (!(await markEmailRecipientRemoved(deps.db, scope, recipientId, deps.clock.now().toISOString()))) {
    throw new SealdeskError('not_found');
  }
}
