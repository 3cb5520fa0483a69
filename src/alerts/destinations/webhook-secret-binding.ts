import type { Binding } from '../../crypto/index.js';

/** Where a webhook's signing secret is sealed: its scope's key, bound to the webhook's row. */
export const webhookSecretBinding = (scope: string, webhookId: string): Binding => ({ tenant: scope, table: 'alert_webhooks', column: 'secret', row: webhookId });
