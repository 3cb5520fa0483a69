import type { Kysely } from 'kysely';
import type { Clock } from '../common/index.js';
import type { KeyRing } from '../crypto/index.js';
import type { Database } from '../store/index.js';

/** What raising and managing alerts needs. `db` may be a transaction for `raiseAlert`. */
export interface AlertDeps {
  readonly db: Kysely<Database>;
  readonly keyRing: KeyRing;
  readonly clock: Clock;
}
