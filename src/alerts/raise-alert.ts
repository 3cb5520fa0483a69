import type { Kysely } from 'kysely';
import { isId, newId } from '../common/index.js';
import { SealdeskError } from '../errors/index.js';
import { findTenant, type Database } from '../store/index.js';
import { OPERATOR_SCOPE, type Alert, type AlertKind, type AlertSeverity } from './alert.js';
import { checkAlertDetails, type AlertDetails } from './alert-details.js';
import type { AlertDeps } from './alert-deps.js';
import type { AlertSummary } from './alert-summary.js';
import { enqueueDeliveries } from './store/deliveries.js';
import { listActiveEmailRecipients } from './store/email-recipients.js';
import { insertAlert } from './store/alerts.js';
import { listActiveWebhooks } from './store/webhooks.js';

/** An alert to raise. Summary and details hold ids and counts only (see `alertSummary`). */
export interface NewAlert {
  /** A tenant id, or `operator` for the operator's own security team. */
  readonly scope: string;
  readonly kind: AlertKind;
  readonly severity: AlertSeverity;
  readonly summary: AlertSummary;
  readonly details?: AlertDetails;
  /**
   * For a tenant alert: also raise a copy in the operator scope, for the operator's security team
   * (break-glass goes to both). The copy's details gain `tenantId`.
   */
  readonly copyToOperator?: boolean;
}

export interface RaisedAlert {
  readonly alert: Alert;
  readonly operatorCopy: Alert | undefined;
}

/**
 * Stores the alert (and its operator copy when asked) and queues one delivery per live destination
 * of each scope, atomically; the delivery worker sends them. Pass a transaction as `deps.db` to
 * raise the alert with the change that caused it. Throws `not_found` for an unknown tenant and
 * `internal` for a scope that is neither a tenant id nor `operator`, or details that are not ids,
 * counts and flags.
 */
export async function raiseAlert(deps: Pick<AlertDeps, 'db' | 'clock'>, input: NewAlert): Promise<RaisedAlert> {
  const isTenant = isId('tenant', input.scope);
  if (!isTenant && input.scope !== OPERATOR_SCOPE) {
    throw new SealdeskError('internal', { detail: 'an alert scope is a tenant id or "operator"' });
  }
  if (input.copyToOperator && !isTenant) {
    throw new SealdeskError('internal', { detail: 'only a tenant alert can be copied to the operator' });
  }
  const details = checkAlertDetails(input.details ?? {});
  const createdAt = deps.clock.now().toISOString();
  const alert = record(input, input.scope, details, createdAt);
  const operatorCopy = input.copyToOperator
    ? record(input, OPERATOR_SCOPE, { ...details, tenantId: input.scope as `ten_${string}` }, createdAt)
    : undefined;
  await inTransaction(deps.db, async (db) => {
    if (isTenant && !(await findTenant(db, input.scope))) throw new SealdeskError('not_found');
    for (const stored of operatorCopy ? [alert, operatorCopy] : [alert]) {
      await insertAlert(db, stored);
      await enqueueDeliveries(db, stored.id, await destinationsOf(db, stored.scope), createdAt);
    }
  });
  return { alert, operatorCopy };
}

function record(input: NewAlert, scope: string, details: AlertDetails, createdAt: string): Alert {
  return {
    id: newId('alert'),
    scope,
    kind: input.kind,
    severity: input.severity,
    summary: input.summary,
    details,
    createdAt,
    acknowledgedAt: null,
    acknowledgedBy: null,
  };
}

async function destinationsOf(db: Kysely<Database>, scope: string) {
  const webhooks = await listActiveWebhooks(db, scope);
  const recipients = await listActiveEmailRecipients(db, scope);
  return [
    ...webhooks.map((webhook) => ({ id: webhook.id, channel: 'webhook' as const })),
    ...recipients.map((recipient) => ({ id: recipient.id, channel: 'email' as const })),
  ];
}

/** Joins the caller's transaction, or opens one. */
async function inTransaction(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<void>): Promise<void> {
  if (db.isTransaction) return work(db);
  return db.transaction().execute(work);
}
