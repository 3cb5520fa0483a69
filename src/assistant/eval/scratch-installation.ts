import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_AUDIT_RETENTION_DAYS } from '../../audit/index.js';
import { newId, type Clock } from '../../common/index.js';
import { initInstallation, openInstallation, type Installation } from '../../installation/index.js';
import { insertTenant } from '../../store/index.js';

/** A throw-away installation (SQLite, local root key file) with one empty tenant. */
export interface ScratchInstallation {
  readonly installation: Installation;
  readonly tenantId: string;
  /** Closes the installation and deletes its directory. */
  close(): Promise<void>;
}

/**
 * Creates a scratch installation in a new temporary directory, the same way `sealdesk init`
 * does, and a tenant with its own keys. Nothing from the caller's installation is touched, and
 * the root key is always the local file (the environment's provider settings are ignored).
 */
export async function createScratchInstallation(clock: Clock): Promise<ScratchInstallation> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sealdesk-eval-'));
  const rootKey = { provider: 'file' as const, pkcs11: { module: undefined, token: undefined, pin: undefined, keyLabel: undefined } };
  try {
    await initInstallation({ dataDir, rootKey, clock, ownerEmail: 'eval@localhost', ownerName: 'Evaluation' });
    const installation = await openInstallation({ dataDir, rootKey, clock });
    const tenantId = newId('tenant');
    await installation.keyRing.ensureScope(tenantId);
    await insertTenant(installation.store.db, { id: tenantId, name: 'Evaluation', audit_retention_days: DEFAULT_AUDIT_RETENTION_DAYS, created_at: clock.now().toISOString(), region: installation.region });
    return {
      installation,
      tenantId,
      async close() {
        try {
          await installation.close();
        } finally {
          await rm(dataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}
