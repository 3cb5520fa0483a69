import { Command } from 'commander';
import { ingestDirectory, KbIndexes } from '../../assistant/index.js';
import { isId, newId, systemClock } from '../../common/index.js';
import { loadConfig } from '../../config/index.js';
import { SealdeskError } from '../../errors/index.js';
import { openInstallation } from '../../installation/index.js';

/** `sealdesk kb`: the assistant's knowledge base, read and written on the installation directly. */
export function kbCommand(): Command {
  const kb = new Command('kb').description("Manage a tenant's knowledge base.");
  kb.addCommand(
    new Command('ingest')
      .description('Add or update every .md, .html and .txt file of DIR (the file name is the source id); sealed and audited.')
      .argument('<dir>', 'directory of articles')
      .requiredOption('--tenant <id>', 'the tenant (ten_…)')
      .option('--data-dir <dir>', 'data directory')
      .option('--json', 'print the report as JSON')
      .action(async (dir: string, options: { tenant: string; dataDir?: string; json?: boolean }) => {
        if (!isId('tenant', options.tenant)) throw new SealdeskError('invalid_id', { userMessage: '--tenant must be a ten_ id.' });
        const config = loadConfig(options.dataDir === undefined ? process.env : { ...process.env, SEALDESK_DATA_DIR: options.dataDir });
        const installation = await openInstallation({ ...config, clock: systemClock });
        try {
          const { keyRing, audit } = installation;
          const db = installation.store.db;
          const deps = { db, keyRing, audit, clock: systemClock, indexes: new KbIndexes({ db, keyRing }) };
          const report = await ingestDirectory(deps, { kind: 'system', id: 'system', job: 'kb-ingest' }, { requestId: newId('request'), channel: 'cli' }, options.tenant, dir);
          process.stdout.write(
            options.json
              ? `${JSON.stringify(report)}\n`
              : `Created ${report.created.length}, updated ${report.updated.length}, skipped ${report.skipped.length} file(s).\n`,
          );
        } finally {
          await installation.close();
        }
      }),
  );
  return kb;
}
