/**
 * Alerts: how Sealdesk tells people something security-relevant happened. Other modules call
 * `raiseAlert`; the delivery worker sends each alert to its scope's signed webhooks and e-mail
 * recipients; the API (src/server/routes/alert-routes.ts) lists, acknowledges and configures. See docs/alerts.md.
 */
export { OPERATOR_SCOPE, ALERT_KINDS, ALERT_SEVERITIES, type Alert, type AlertKind, type AlertSeverity } from './alert.js';
export { alertSummary, type AlertSummary, type AlertFact } from './alert-summary.js';
export type { AlertDetails } from './alert-details.js';
export type { AlertDeps } from './alert-deps.js';
export { raiseAlert, type NewAlert, type RaisedAlert } from './raise-alert.js';
export { canManageAlerts, type AlertDecision } from './can-manage-alerts.js';
export type { AlertDeliveryDeps } from './delivery/alert-delivery-deps.js';
export { deliverDueAlerts, type DeliveryReport } from './delivery/deliver-due-alerts.js';
export {
  startAlertDelivery,
  type AlertDeliveryOptions,
  type AlertDeliveryLogger,
  type AlertDeliveryWorker,
} from './delivery/start-alert-delivery.js';
export { ALERT_RETRY_DELAYS_MS, MAX_DELIVERY_ATTEMPTS } from './delivery/retry-schedule.js';
export { createWebhookSender, type WebhookSender, type WebhookSenderOptions, type WebhookRequest } from './delivery/webhook-sender.js';
export { createSmtpMailer, type Mailer, type SmtpSettings, type SmtpMailerOptions, type AlertEmailMessage } from './delivery/smtp-mailer.js';
export type { DeliveryOutcome } from './delivery/delivery-outcome.js';
export { acknowledgeAlert } from './acknowledge-alert.js';
export { listAlerts, MAX_ALERT_PAGE_SIZE } from './list-alerts.js';
export { createWebhook } from './destinations/create-webhook.js';
export { webhookSecretBinding } from './destinations/webhook-secret-binding.js';
export { listWebhooks } from './destinations/list-webhooks.js';
export { removeWebhook } from './destinations/remove-webhook.js';
export { addEmailRecipient } from './destinations/add-email-recipient.js';
export { listEmailRecipients } from './destinations/list-email-recipients.js';
export { removeEmailRecipient } from './destinations/remove-email-recipient.js';
export { isDestinationId, type DestinationChannel } from './destinations/destination-id.js';
export { breakGlassAlerts } from './break-glass-alerts.js';
