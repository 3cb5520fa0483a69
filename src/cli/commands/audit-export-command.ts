import { hostname } from 'node:os';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  DEFAULT_EXPORT_BATCH,
  exportAuditLog,
  JsonLinesFileSink,
  JsonLinesStreamSink,
  MAX_EXPORT_BATCH,
  readCursorFile,
  SyslogTlsSink,
  writeCursorFile,
  type ExportSink,
} from '../../audit/export/index.js';
import { OPERATOR_LOG, type VerifiableAuditLog } from '../../audit/index.js';
import { newId, systemClock } from '../../common/index.js';
import { loadConfig } from '../../config/index.js';
import { isSealdeskError, SealdeskError } from '../../errors/index.js';
import { openInstallation } from '../../installation/index.js';
import { findTenant } from '../../store/index.js';

interface ExportOptions {
  dataDir?: string;
  tenant?: string;
  operator?: boolean;
  format: 'jsonl' | 'syslog';
  out?: string;
  syslog?: string;
  ca?: string;
  cursorFile: string;
  follow?: boolean;
  interval: number;
  batchSize: number;
  hostname: string;
  appName: string;
}

/**
 * `sealdesk audit export`: sends a log to a SIEM as JSON lines (a file or standard output) or as
 * RFC 5424 syslog over TLS, from the cursor kept in `--cursor-file`, which moves only after each
 * batch is acknowledged. Reads the installation directly, like `audit prune`, and records the
 * export in the log it exports.
 */
export function auditExportCommand(): Command {
  return new Command('export')
    .description('Send a log to a SIEM as JSON lines or syslog over TLS, resuming from a cursor file.')
    .option('--data-dir <dir>', 'data directory')
    .addOption(new Option('--tenant <id>', 'export this tenant\'s log').conflicts('operator'))
    .addOption(new Option('--operator', 'export the operator\'s own log'))
    .addOption(new Option('--format <format>', 'jsonl or syslog (RFC 5424)').choices(['jsonl', 'syslog']).makeOptionMandatory())
    .addOption(new Option('--out <file>', 'jsonl: append to this file (default: standard output)').conflicts('syslog'))
    .option('--syslog <url>', 'syslog: the receiver, tls://host:port (RFC 5425)')
    .option('--ca <file>', 'syslog: PEM certificate(s) to trust for the receiver instead of the system store')
    .requiredOption('--cursor-file <file>', 'where the next index to send is kept (created on first run)')
    .option('--follow', 'keep exporting new entries until interrupted')
    .option('--interval <seconds>', 'with --follow: seconds between checks for new entries', positiveNumber, 5)
    .option('--batch-size <n>', `entries per acknowledged batch (1–${MAX_EXPORT_BATCH})`, positiveInteger, DEFAULT_EXPORT_BATCH)
    .option('--hostname <name>', 'syslog: HOSTNAME in each message', hostname())
    .option('--app-name <name>', 'syslog: APP-NAME in each message', 'sealdesk')
    .action(async function (this: Command, options: ExportOptions) {
      checkFlags(this, options);
      await runExport(options);
    });
}

function checkFlags(command: Command, options: ExportOptions): void {
  const usage = (message: string) => command.error(`error: ${message}`, { exitCode: 2, code: 'sealdesk.usage' });
  if ((options.tenant === undefined) === (options.operator === undefined)) usage('give --tenant <id> or --operator');
  if (options.format === 'syslog' && options.syslog === undefined) usage('--format syslog needs --syslog tls://host:port');
  if (options.format === 'jsonl' && (options.syslog !== undefined || options.ca !== undefined)) usage('--syslog and --ca go with --format syslog');
}

async function runExport(options: ExportOptions): Promise<void> {
  const config = loadConfig(options.dataDir === undefined ? process.env : { ...process.env, SEALDESK_DATA_DIR: options.dataDir });
  const sink = await openSink(options);
  const installation = await openInstallation({ ...config, clock: systemClock });
  const stop = new AbortController();
  const abort = () => stop.abort();
  process.once('SIGINT', abort).once('SIGTERM', abort);
  try {
    const logId = options.tenant ?? OPERATOR_LOG;
    if (logId !== OPERATOR_LOG && !(await findTenant(installation.store.db, logId))) {
      throw new SealdeskError('not_found', { userMessage: `No tenant ${logId}.` });
    }
    let cursor = await readCursorFile(options.cursorFile, logId);
    await recordExport(installation.audit, logId, cursor, options);
    do {
      try {
        const next = await exportAuditLog({
          audit: installation.audit,
          logId,
          cursor,
          sink,
          batchSize: options.batchSize,
          saveCursor: (saved) => writeCursorFile(options.cursorFile, logId, saved),
          signal: stop.signal,
        });
        if (next > cursor) process.stderr.write(`exported entries ${cursor}–${next - 1} of ${logId}; next cursor ${next}\n`);
        cursor = next;
      } catch (error) {
        if (!options.follow) throw error;
        cursor = await readCursorFile(options.cursorFile, logId);
        process.stderr.write(`sealdesk: ${describeError(error)} (retrying from ${cursor} in ${options.interval} s)\n`);
      }
      if (options.follow) await sleep(options.interval * 1000, undefined, { signal: stop.signal }).catch(() => undefined);
    } while (options.follow && !stop.signal.aborted);
  } finally {
    process.off('SIGINT', abort).off('SIGTERM', abort);
    await installation.close();
  }
}

async function openSink(options: ExportOptions): Promise<ExportSink> {
  if (options.format === 'jsonl') return options.out === undefined ? new JsonLinesStreamSink(process.stdout) : new JsonLinesFileSink(options.out);
  return new SyslogTlsSink({
    url: options.syslog!,
    ca: options.ca === undefined ? undefined : await readFile(options.ca),
    syslog: { hostname: options.hostname, appName: options.appName },
  });
}

/** The export is itself an access to the log: one `audit.read` event per run, before anything is sent. */
async function recordExport(audit: VerifiableAuditLog, logId: string, from: number, options: ExportOptions): Promise<void> {
  const destination = options.format === 'syslog' ? options.syslog! : options.out === undefined ? 'stdout' : 'file';
  const event = {
    v: 1,
    time: systemClock.now().toISOString(),
    actor: { id: 'system', kind: 'system', role: 'system:export', team: null, tenant: null },
    action: 'audit.read',
    resource: { tenant: logId === OPERATOR_LOG ? null : logId },
    channel: 'cli',
    reason: { rule: 'installation-operator', grant: null, ticket: null },
    outcome: 'allowed',
    requestId: newId('request'),
    details: { what: 'export', from, to: await audit.size(logId), destination },
  } as const;
  try {
    await audit.append(logId, event);
  } catch (cause) {
    throw new SealdeskError('audit_unavailable', { detail: 'audit append failed', cause });
  }
}

function describeError(error: unknown): string {
  if (isSealdeskError(error)) return `${error.code}: ${error.userMessage}`;
  return `error: ${error instanceof Error ? error.message : String(error)}`;
}

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number <= 0) throw new InvalidArgumentError('must be a positive whole number');
  return number;
}

function positiveNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('must be a positive number');
  return number;
}
