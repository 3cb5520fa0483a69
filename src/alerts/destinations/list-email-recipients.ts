import type { Principal } from '../../access/index.js';
import type { AlertDeps } from '../alert-deps.js';
import { authorizeAlertScope } from '../authorize-alert-scope.js';
import { listActiveEmailRecipients } from '../store/email-recipients.js';
import type { EmailRecipientView } from './email-recipient-view.js';

/** The scope's live e-mail recipients. */
export async function listEmailRecipients(deps: AlertDeps, principal: Principal, scope: string): Promise<EmailRecipientView[]> {
  await authorizeAlertScope(deps, principal, scope);
  const rows = await listActiveEmailRecipients(deps.db, scope);
  return rows.map((row) => ({ id: row.id, email: row.email, createdAt: row.created_at }));
}
