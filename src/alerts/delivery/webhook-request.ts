import { createHmac } from 'node:crypto';
import type { Alert } from '../alert.js';
import type { WebhookRequest } from './webhook-sender.js';

/**
 * The signed request for one alert: the JSON body `{id, scope, kind, severity, summary, details,
 * createdAt}`, `x-sealdesk-alert-id`, and `x-sealdesk-signature: t=<unix seconds>,v1=<hex>` where
 * v1 is HMAC-SHA256 (RFC 2104) keyed with the secret's UTF-8 bytes over `"<t>.<body>"`. `t` is the
 * time of this attempt, so receivers can refuse stale or replayed requests (docs/alerts.md).
 */
export function webhookRequest(alert: Alert, url: string, secret: string, now: Date): WebhookRequest {
  const { id, scope, kind, severity, summary, details, createdAt } = alert;
  const body = JSON.stringify({ id, scope, kind, severity, summary, details, createdAt });
  const timestamp = Math.floor(now.getTime() / 1000);
  const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return {
    url,
    body,
    headers: {
      'user-agent': 'Sealdesk-Alerts/1',
      'x-sealdesk-alert-id': id,
      'x-sealdesk-signature': `t=${timestamp},v1=${signature}`,
    },
  };
}
