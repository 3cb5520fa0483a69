import { randomBytes } from 'node:crypto';
import type { Principal } from '../../access/index.js';
import { SealdeskError } from '../../errors/index.js';
import type { AlertDeps } from '../alert-deps.js';
import { authorizeAlertScope } from '../authorize-alert-scope.js';
import { insertWebhook, listActiveWebhooks } from '../store/webhooks.js';
import { checkWebhookUrl } from './check-webhook-url.js';
import { newDestinationId, WEBHOOK_SECRET_JUSTIFICATION } from './destination-id.js';
import { MAX_DESTINATIONS_PER_CHANNEL } from './max-destinations.js';
import type { WebhookView } from './webhook-view.js';
import { webhookSecretBinding } from './webhook-secret-binding.js';

export interface CreatedWebhook extends WebhookView {
  /** The signing secret: shown this once, then stored only sealed by the key ring. */
  readonly secret: string;
}

/**
 * Adds a signed-webhook destination to the scope. Sealdesk generates the secret (256 random bits,
 * `sdwhsec_<base64url>`), returns it once, and stores it sealed under the scope's content key,
 * bound to this row. Refuses non-https URLs except to loopback (`invalid_request`).
 */
export async function createWebhook(
  deps: AlertDeps,
  principal: Principal,
  scope: string,
  input: { readonly url: string },
): Promise<CreatedWebhook> {
  await authorizeAlertScope(deps, principal, scope);
  const url = checkWebhookUrl(input.url);
  const id = newDestinationId('webhook');
  const secret = `sdwhsec_${randomBytes(32).toString('base64url')}`;
  const secretEnc = await deps.keyRing.seal(secret, webhookSecretBinding(scope, id), WEBHOOK_SECRET_JUSTIFICATION);
  const createdAt = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    if ((await listActiveWebhooks(trx, scope)).length >= MAX_DESTINATIONS_PER_CHANNEL) {
      throw new SealdeskError('conflict', { userMessage: `A scope has at most ${MAX_DESTINATIONS_PER_CHANNEL} webhooks.` });
    }
    await insertWebhook(trx, { id, scope, url, secret_enc: secretEnc, created_at: createdAt, removed_at: null });
  });
  return { id, url, createdAt, secret };
}
