import type { Principal } from '../../access/index.js';
import { SealdeskError } from '../../errors/index.js';
import type { AlertDeps } from '../alert-deps.js';
import { authorizeAlertScope } from '../authorize-alert-scope.js';
import { insertEmailRecipient, listActiveEmailRecipients } from '../store/email-recipients.js';
import { newDestinationId } from './destination-id.js';
import type { EmailRecipientView } from './email-recipient-view.js';
import { MAX_DESTINATIONS_PER_CHANNEL } from './max-destinations.js';

/** Adds an e-mail recipient to the scope; the same address twice is a `conflict`. */
export async function addEmailRecipient(
  deps: AlertDeps,
  principal: Principal,
  scope: string,
  input: { readonly email: string },
): Promise<EmailRecipientView> {
  await authorizeAlertScope(deps, principal, scope);
  const recipient = { id: newDestinationId('email'), email: input.email, createdAt: deps.clock.now().toISOString() };
  await deps.db.transaction().execute(async (trx) => {
    const existing = await listActiveEmailRecipients(trx, scope);
    if (existing.some((row) => row.email.toLowerCase() === input.email.toLowerCase())) {
      throw new SealdeskError('conflict', { userMessage: 'This address already receives these alerts.' });
    }
    if (existing.length >= MAX_DESTINATIONS_PER_CHANNEL) {
      throw new SealdeskError('conflict', { userMessage: `A scope has at most ${MAX_DESTINATIONS_PER_CHANNEL} e-mail recipients.` });
    }
    await insertEmailRecipient(trx, { id: recipient.id, scope, email: recipient.email, created_at: recipient.createdAt, removed_at: null });
  });
  return recipient;
}
