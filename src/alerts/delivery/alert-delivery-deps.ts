import type { Kysely } from 'kysely';
import type { Clock } from '../../common/index.js';
import type { KeyRing } from '../../crypto/index.js';
import type { Database, StoreDialect } from '../../store/index.js';
import type { Mailer } from './smtp-mailer.js';
import type { WebhookSender } from './webhook-sender.js';

/** What the delivery worker needs. */
export interface AlertDeliveryDeps {
  readonly db: Kysely<Database>;
  /** Chooses how jobs are claimed (PostgreSQL: `FOR UPDATE SKIP LOCKED`). */
  readonly dialect: StoreDialect;
  /** Opens webhook secrets. */
  readonly keyRing: KeyRing;
  readonly clock: Clock;
  readonly webhooks: WebhookSender;
  /** Absent when SMTP is not configured: e-mail deliveries then fail as `smtp_not_configured`, and are retried. */
  readonly mailer: Mailer | undefined;
}
