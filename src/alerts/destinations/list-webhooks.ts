import type { Principal } from '../../access/index.js';
import type { AlertDeps } from '../alert-deps.js';
import { authorizeAlertScope } from '../authorize-alert-scope.js';
import { listActiveWebhooks } from '../store/webhooks.js';
import type { WebhookView } from './webhook-view.js';

/** The scope's live webhooks, without their secrets. */
export async function listWebhooks(deps: AlertDeps, principal: Principal, scope: string): Promise<WebhookView[]> {
  await authorizeAlertScope(deps, principal, scope);
  const rows = await listActiveWebhooks(deps.db, scope);
  return rows.map((row) => ({ id: row.id, url: row.url, createdAt: row.created_at }));
}
