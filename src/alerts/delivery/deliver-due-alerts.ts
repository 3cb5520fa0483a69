import type { Alert } from '../alert.js';
import { WEBHOOK_SECRET_JUSTIFICATION, type DestinationChannel } from '../destinations/destination-id.js';
import { findAlertForDelivery } from '../store/alerts.js';
import { claimDueDeliveries, recordDeliveryState, type DeliveryJob, type DeliveryStatus } from '../store/deliveries.js';
import { findEmailRecipientForDelivery } from '../store/email-recipients.js';
import { findWebhookForDelivery } from '../store/webhooks.js';
import type { AlertDeliveryDeps } from './alert-delivery-deps.js';
import { alertEmail } from './alert-email.js';
import { failed, type DeliveryOutcome } from './delivery-outcome.js';
import { stateAfterAttempt } from './retry-schedule.js';
import { webhookRequest } from './webhook-request.js';
import { webhookSecretBinding } from '../destinations/webhook-secret-binding.js';

/** What happened to one delivery in a pass. */
export interface DeliveryReport {
  readonly alertId: string;
  readonly destinationId: string;
  readonly channel: DestinationChannel;
  /** Attempts made so far, this one included. */
  readonly attempts: number;
  readonly status: DeliveryStatus;
  readonly error: string | null;
}

/** A claimed job not finished within this time is due again (another worker may take it). */
const LEASE_MS = 5 * 60_000;
const DEFAULT_BATCH_SIZE = 20;

/**
 * One pass of the delivery worker at time `now`: claims up to `batchSize` due deliveries, sends
 * them concurrently, and records each outcome — delivered, rescheduled by the retry schedule, or
 * failed. Resolves to what happened to each. Never sleeps; tests call it with a manual clock.
 */
export async function deliverDueAlerts(
  deps: AlertDeliveryDeps,
  now: Date,
  options: { readonly batchSize?: number } = {},
): Promise<DeliveryReport[]> {
  const leaseUntil = new Date(now.getTime() + LEASE_MS).toISOString();
  const jobs = await claimDueDeliveries(deps.db, deps.dialect, now.toISOString(), leaseUntil, options.batchSize ?? DEFAULT_BATCH_SIZE);
  return Promise.all(
    jobs.map(async (job) => {
      const outcome = await attempt(deps, job, now).catch(() => failed('internal_error'));
      const state = stateAfterAttempt(job.attempts, outcome, now);
      await recordDeliveryState(deps.db, job, state);
      return { ...job, status: state.status, error: state.lastError };
    }),
  );
}

async function attempt(deps: AlertDeliveryDeps, job: DeliveryJob, now: Date): Promise<DeliveryOutcome> {
  const alert = await findAlertForDelivery(deps.db, job.alertId);
  if (!alert) return failed('alert_missing');
  return job.channel === 'webhook' ? sendWebhook(deps, alert, job.destinationId, now) : sendEmail(deps, alert, job.destinationId);
}

async function sendWebhook(deps: AlertDeliveryDeps, alert: Alert, webhookId: string, now: Date): Promise<DeliveryOutcome> {
  const webhook = await findWebhookForDelivery(deps.db, webhookId);
  if (!webhook || webhook.removed_at !== null) return failed('destination_removed');
  let secret: string;
  try {
    secret = await deps.keyRing.openText(webhook.secret_enc, webhookSecretBinding(webhook.scope, webhook.id), WEBHOOK_SECRET_JUSTIFICATION);
  } catch {
    return failed('secret_unavailable');
  }
  return deps.webhooks.post(webhookRequest(alert, webhook.url, secret, now));
}

async function sendEmail(deps: AlertDeliveryDeps, alert: Alert, recipientId: string): Promise<DeliveryOutcome> {
  const recipient = await findEmailRecipientForDelivery(deps.db, recipientId);
  if (!recipient || recipient.removed_at !== null) return failed('destination_removed');
  if (!deps.mailer) return failed('smtp_not_configured');
  return deps.mailer.send({ to: recipient.email, ...alertEmail(alert) });
}
