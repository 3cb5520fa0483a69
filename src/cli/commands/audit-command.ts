import { readFile, writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { fetchLogBundle, logBundleSchema, checkpointSize, verifyBundle, type LogBundle } from '../../audit/client/index.js';
import { pruneExpiredBodies } from '../../audit/index.js';
import { systemClock } from '../../common/index.js';
import { loadConfig } from '../../config/index.js';
import { SealdeskError } from '../../errors/index.js';
import { openInstallation } from '../../installation/index.js';
import { auditExportCommand } from './audit-export-command.js';

interface VerifyOptions {
  key: string;
  checkpoint?: string;
  url?: string;
  token?: string;
  ca?: string;
  entries?: number[];
  full?: boolean;
  bundle?: string;
  saveCheckpoint?: string;
  saveBundle?: string;
  json?: boolean;
}

export function auditCommand(): Command {
  const audit = new Command('audit').description('Check and maintain audit logs.');
  audit.addCommand(
    new Command('verify')
      .description(
        'Check a log without trusting the server: checkpoint signature, consistency with a checkpoint you kept, inclusion of entries, or the whole log.',
      )
      .requiredOption('--key <key>', 'the log\'s verifier key (name+hash+base64), or a file holding it')
      .option('--checkpoint <file>', 'a checkpoint you kept earlier; the log must extend it')
      .option('--url <url>', 'the log\'s base URL, e.g. https://localhost:8443/v1/tenants/ten_…/audit')
      .option('--token <key>', 'API key of an auditor (default: $SEALDESK_TOKEN)')
      .option('--ca <file>', 'PEM certificate to trust for the server (e.g. DATA_DIR/tls/cert.pem)')
      .option('--entries <list>', 'comma-separated entry indexes whose inclusion to prove', parseIndexes)
      .option('--full', 'fetch every entry and rebuild the whole tree')
      .option('--bundle <file>', 'verify a saved bundle instead of fetching (offline)')
      .option('--save-checkpoint <file>', 'after a successful check, write the new checkpoint here')
      .option('--save-bundle <file>', 'write what the server sent, to verify again offline')
      .option('--json', 'print the report as JSON')
      .action(async (options: VerifyOptions) => {
        process.exitCode = await verify(options);
      }),
  );
  audit.addCommand(
    new Command('prune')
      .description('Drop audit entry bodies past each tenant\'s retention (leaf hashes stay); serve does this hourly.')
      .option('--data-dir <dir>', 'data directory')
      .action(async (options: { dataDir?: string }) => {
        const config = loadConfig(options.dataDir === undefined ? process.env : { ...process.env, SEALDESK_DATA_DIR: options.dataDir });
        const installation = await openInstallation({ ...config, clock: systemClock });
        try {
          const pruned = await pruneExpiredBodies({ db: installation.store.db, audit: installation.audit, clock: systemClock });
          process.stdout.write(`${JSON.stringify(Object.fromEntries(pruned))}\n`);
        } finally {
          await installation.close();
        }
      }),
  );
  audit.addCommand(auditExportCommand());
  return audit;
}

async function verify(options: VerifyOptions): Promise<number> {
  const key = (await readIfFile(options.key)).trim();
  const oldCheckpoint = options.checkpoint === undefined ? undefined : await readFile(options.checkpoint, 'utf8');
  const bundle = options.bundle ? await readBundle(options.bundle) : await fetchBundle(options, oldCheckpoint);
  if (options.saveBundle) await writeFile(options.saveBundle, `${JSON.stringify(bundle, null, 2)}\n`);
  const report = await verifyBundle(bundle, key, oldCheckpoint);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } else {
    for (const check of report.checks) process.stdout.write(`${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}\n`);
    process.stdout.write(report.ok ? 'The log verifies.\n' : 'The log does NOT verify.\n');
  }
  if (report.ok && options.saveCheckpoint) await writeFile(options.saveCheckpoint, bundle.checkpoint);
  return report.ok ? 0 : 3;
}

async function fetchBundle(options: VerifyOptions, oldCheckpoint: string | undefined): Promise<LogBundle> {
  const token = options.token ?? process.env.SEALDESK_TOKEN;
  if (!options.url || !token) {
    throw new SealdeskError('invalid_request', { userMessage: 'Give --bundle FILE, or --url and --token (or $SEALDESK_TOKEN).' });
  }
  return fetchLogBundle({
    url: options.url,
    token,
    ca: options.ca === undefined ? undefined : await readFile(options.ca),
    fromSize: oldCheckpoint === undefined ? undefined : checkpointSize(oldCheckpoint),
    entries: options.entries,
    full: options.full,
  });
}

async function readBundle(path: string): Promise<LogBundle> {
  const parsed = logBundleSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
  if (!parsed.success) throw new SealdeskError('invalid_request', { userMessage: `${path} is not a Sealdesk audit bundle.` });
  return parsed.data;
}

async function readIfFile(value: string): Promise<string> {
  if (value.includes('+')) return value;
  return readFile(value, 'utf8');
}

function parseIndexes(value: string): number[] {
  const indexes = value.split(',').map(Number);
  if (indexes.some((index) => !Number.isSafeInteger(index) || index < 0)) throw new InvalidArgumentError('must be comma-separated entry numbers');
  return indexes;
}
