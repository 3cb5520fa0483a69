import { Command } from 'commander';
import { isId, systemClock } from '../../common/index.js';
import { loadConfig } from '../../config/index.js';
import { SealdeskError } from '../../errors/index.js';
import { openInstallation } from '../../installation/index.js';
import { purgeExpiredData } from '../../privacy/index.js';

/** `sealdesk privacy …`: retention run by hand (serve runs it hourly). */
export function privacyCommand(): Command {
  const privacy = new Command('privacy').description('Retention and legal holds.');
  privacy.addCommand(
    new Command('purge')
      .description('Delete what each tenant\'s retention policy says has expired, except what legal holds keep; prints one JSON report per tenant.')
      .option('--data-dir <dir>', 'data directory')
      .option('--tenant <id>', 'only this tenant')
      .option('--dry-run', 'report what would be deleted and what is held back; delete nothing')
      .action(async (options: { dataDir?: string; tenant?: string; dryRun?: boolean }) => {
        if (options.tenant !== undefined && !isId('tenant', options.tenant)) {
          throw new SealdeskError('invalid_id', { userMessage: '--tenant must be a ten_ id.' });
        }
        const config = loadConfig(options.dataDir === undefined ? process.env : { ...process.env, SEALDESK_DATA_DIR: options.dataDir });
        const installation = await openInstallation({ ...config, clock: systemClock });
        try {
          const deps = { db: installation.store.db, audit: installation.audit, clock: systemClock };
          const reports = await purgeExpiredData(deps, { dryRun: options.dryRun === true, tenantId: options.tenant, channel: 'cli' });
          for (const report of reports) process.stdout.write(`${JSON.stringify(report)}\n`);
        } finally {
          await installation.close();
        }
      }),
  );
  return privacy;
}
