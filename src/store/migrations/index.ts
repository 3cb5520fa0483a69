import type { Migration, MigrationProvider } from 'kysely';
import { foundation } from './0001-foundation.js';
import { alerts } from './0002-alerts.js';
import { access } from './0003-access.js';
import { monitors } from './0004-monitors.js';
import { assistant } from './0005-assistant.js';
import { assistantProviders } from './0006-assistant-providers.js';
import { retention } from './0007-retention.js';
import { backupSigningKeys } from './0008-backup-signing-keys.js';
import { conversationFlow } from './0009-conversation-flow.js';
import { keyState } from './0011-key-state.js';
import { keyRotations } from './0012-key-rotations.js';
import { regions } from './0013-regions.js';
import { trainingConsent } from './0014-training-consent.js';
import { keyImportTokens } from './0015-key-import-tokens.js';
import { keyRotationPolicies } from './0016-key-rotation-policies.js';
import { customerManagedKeys } from './0019-customer-managed-keys.js';
import { rootKeyRotations } from './0020-root-key-rotations.js';
import { operatorKeyRotationPolicy } from './0021-operator-key-rotation-policy.js';
import type { MigrationDialect } from './migration-dialect.js';

/** The same ordered migrations for SQLite and PostgreSQL; only column types differ. */
export function migrationProvider(dialect: MigrationDialect): MigrationProvider {
  return {
    async getMigrations(): Promise<Record<string, Migration>> {
      return {
        '0001-foundation': foundation(dialect),
        '0002-alerts': alerts(dialect),
        '0003-access': access(),
        '0004-monitors': monitors(),
        '0005-assistant': assistant(dialect),
        '0006-assistant-providers': assistantProviders(dialect),
        '0007-retention': retention(),
        '0008-backup-signing-keys': backupSigningKeys(dialect),
        '0009-conversation-flow': conversationFlow(dialect),
        '0011-key-state': keyState(dialect),
        '0012-key-rotations': keyRotations(),
        '0013-regions': regions(),
        '0014-training-consent': trainingConsent(),
        '0015-key-import-tokens': keyImportTokens(),
        '0016-key-rotation-policies': keyRotationPolicies(),
        '0019-customer-managed-keys': customerManagedKeys(dialect),
        '0020-root-key-rotations': rootKeyRotations(),
        '0021-operator-key-rotation-policy': operatorKeyRotationPolicy(),
      };
    },
  };
}
