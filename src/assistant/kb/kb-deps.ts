import type { Kysely } from 'kysely';
import type { AuditLog } from '../../audit/index.js';
import type { Clock } from '../../common/index.js';
import type { KeyRing } from '../../crypto/index.js';
import type { Database } from '../../store/index.js';
import type { KbIndexes } from '../retrieval/kb-indexes.js';

/** What knowledge-base operations need; `indexes` is shared so that writes drop stale indexes. */
export interface KbDeps {
  readonly db: Kysely<Database>;
  readonly keyRing: KeyRing;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly indexes: KbIndexes;
}
