import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/index.js';
import type { Clock } from '../common/index.js';
import type { KeyRing } from '../crypto/index.js';
import type { RedactorFactory } from '../privacy/redactor.js';
import type { Database } from '../store/index.js';

/** What the vault gate needs. It is the only module that asks the key ring to open content. */
export interface VaultDeps {
  readonly db: Kysely<Database>;
  readonly keyRing: KeyRing;
  readonly audit: AuditLog;
  readonly clock: Clock;
  /** Makes the redactor of the redacted view; the pattern redactor when not given. */
  readonly redactor?: RedactorFactory | undefined;
}
