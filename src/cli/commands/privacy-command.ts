import { Command } from 'commander';
import { isId, newId, systemClock } from '../../common/index.js';
import { loadConfig } from '../../config/index.js';
import { SealdeskError } from '../../errors/index.js';
import { openInstallation } from '../../installation/index.js';
import { purgeExpiredData } from '../../privacy/index.js';
import { eraseSubject, exportSubjectData, type SubjectRequest } from '../../privacy/subject-requests/index.js';

/** `sealdesk privacy …`: retention run by hand (serve runs it hourly), and data subjects' requests. */
export function privacyCommand(): Command {
  const privacy = new Command('privacy').description("Retention, legal holds and data subjects' requests.");
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
  privacy.addCommand(subjectCommand('export', 'Print everything held about the person with this e-mail, as JSON (audited).', exportSubjectData));
  privacy.addCommand(
    subjectCommand('erase', 'Erase the person with this e-mail: rows deleted, subject key destroyed (no backup can restore it). Irreversible; prints a receipt.', eraseSubject),
  );
  return privacy;
}

interface SubjectOptions {
  tenant: string;
  email: string;
  ticket: string;
  dataDir?: string;
}

/** `privacy export|erase`: a data subject's request, run on the installation directly. */
function subjectCommand(name: string, description: string, run: typeof exportSubjectData | typeof eraseSubject): Command {
  return new Command(name)
    .description(description)
    .requiredOption('--tenant <id>', 'the tenant (ten_…)')
    .requiredOption('--email <address>', "the data subject's e-mail address")
    .requiredOption('--ticket <ref>', 'the request this answers (recorded in the audit log)')
    .option('--data-dir <dir>', 'data directory')
    .action(async (options: SubjectOptions) => {
      if (!isId('tenant', options.tenant)) throw new SealdeskError('invalid_id', { userMessage: '--tenant must be a ten_ id.' });
      const request: SubjectRequest = { email: options.email, ticket: options.ticket };
      const config = loadConfig(options.dataDir === undefined ? process.env : { ...process.env, SEALDESK_DATA_DIR: options.dataDir });
      const installation = await openInstallation({ ...config, clock: systemClock });
      try {
        const deps = { db: installation.store.db, keyRing: installation.keyRing, audit: installation.audit, clock: systemClock };
        const principal = { kind: 'system', id: 'system', job: `privacy-${name}` } as const;
        const result = await run(deps, principal, { requestId: newId('request'), channel: 'cli' }, options.tenant, request);
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      } finally {
        await installation.close();
      }
    });
}
