import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/index.js';
import type { Clock } from '../common/index.js';
import type { KeyRing } from '../crypto/index.js';
import type { Database } from '../store/index.js';
import type { Residency } from './residency.js';

export interface TenancyDeps {
  readonly db: Kysely<Database>;
  readonly keyRing: KeyRing;
  readonly audit: AuditLog;
  readonly clock: Clock;
  /** The node's region and the deployment's regions; one region (`default`) when absent. */
  readonly residency?: Residency | undefined;
}
