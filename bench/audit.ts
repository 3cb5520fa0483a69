/**
 * Audit log benchmark (issue 4): durable appends per second on SQLite and PostgreSQL, proof
 * generation latency at 1M entries, and full-log verification throughput next to raw SHA-256 on
 * the same machine. See docs/benchmarks.md ("Audit log") for what each figure means.
 *
 *   node --import tsx bench/audit.ts [--entries 1000000] [--seconds 4] [--appenders 8] [--proofs 2000] [--proof-seconds 10]
 *     [--verify-sample 200000] [--postgres postgres://postgres@127.0.0.1:5432/postgres | --no-postgres] [--dir DIR]
 *     [--quiet-wait 600]
 *
 * Per database: appends on an empty log (one appender; N appenders on one log; N appenders on N
 * logs), then a log of --entries entries is bulk-loaded (see audit-bulk-load.ts) and checked
 * against the log's own code, proofs are timed at that size, and appends are timed again on it.
 * SQLite runs as in production (WAL, synchronous=FULL) in a scratch directory; PostgreSQL in a
 * scratch database that is dropped afterwards. It first waits (up to --quiet-wait seconds) for other
 * work on the machine to stop, and records the machine's CPU use in every phase. Results go to
 * bench/results/audit-<date>.json (-2, -3… for later runs that day).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { MerkleAuditLog } from '../src/audit/index.js';
import { SqlTreeNodeStore } from '../src/audit/log/sql-tree-node-store.js';
import { MerkleTree } from '../src/audit/merkle/index.js';
import { systemClock } from '../src/common/index.js';
import { FakeRootKeyProvider, KeyRing } from '../src/crypto/index.js';
import { openStore, SqlWrappedKeyStore, type Store } from '../src/store/index.js';
import { measureAppends, type AppendRun } from './audit-appends.js';
import { buildBenchLog, type BenchLog } from './audit-bench-log.js';
import { benchEvent } from './audit-events.js';
import { loadPostgres, loadSqlite } from './audit-bulk-load.js';
import { fdatasyncProbe, MemoryPeak, round, timed, type PhaseCost } from './audit-measure.js';
import { measureProofs, type ProofRun } from './audit-proofs.js';
import { measureVerification, type VerificationRun } from './audit-verification.js';
import { describeMachine, filesystemOf } from './lib/machine.js';
import { waitForQuietMachine } from './lib/process-cpu.js';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const { values: flags } = parseArgs({
  options: {
    entries: { type: 'string', default: '1000000' },
    seconds: { type: 'string', default: '4' },
    appenders: { type: 'string', default: '8' },
    proofs: { type: 'string', default: '2000' },
    'proof-seconds': { type: 'string', default: '10' },
    'verify-sample': { type: 'string', default: '200000' },
    postgres: { type: 'string', default: process.env.SEALDESK_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    'no-postgres': { type: 'boolean', default: false },
    dir: { type: 'string', default: tmpdir() },
    'quiet-wait': { type: 'string', default: '600' },
  },
});
const positive = (name: string, value: string | undefined) => {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 1) throw new Error(`--${name} must be a positive integer`);
  return number;
};
const options = {
  entries: positive('entries', flags.entries),
  seconds: positive('seconds', flags.seconds),
  appenders: positive('appenders', flags.appenders),
  proofs: positive('proofs', flags.proofs),
  proofSeconds: positive('proof-seconds', flags['proof-seconds']),
  verifySample: positive('verify-sample', flags['verify-sample']),
  quietWaitSeconds: Number(flags['quiet-wait']),
};
/** Other work on the machine must stay below this (in % of one core) for two seconds before the run starts. */
const QUIET_LIMIT_PERCENT_OF_CORE = 25;
const BIG_LOG = 'ten_bench_big';
const log = (line: string) => process.stderr.write(`${line}\n`);

interface DatabaseRun {
  readonly settings: Record<string, string | number | null>;
  readonly appends: { readonly emptyLog: AppendRun[]; readonly atSize: AppendRun };
  readonly bulkLoad: PhaseCost & { readonly entries: number; readonly nodes: number; readonly bytesOnDisk: number | null };
  readonly proofs: ProofRun;
  readonly memory: { peakRssMiB: number; peakHeapMiB: number };
}

/** One database under test: a migrated store, how to bulk-load it, what to report about it, and how to remove it. */
interface BenchDatabase {
  readonly store: Store;
  load(logId: string, log: BenchLog): Promise<void>;
  settings(): Promise<Record<string, string | number | null>>;
  bytesOnDisk(): Promise<number | null>;
  drop(): Promise<void>;
}

async function sqliteDatabase(directory: string): Promise<BenchDatabase> {
  const path = join(directory, 'audit-bench.db');
  const store = await openStore({ sqlitePath: path });
  const fs = filesystemOf(directory);
  return {
    store,
    load: async (logId, benchLog) => loadSqlite(path, logId, benchLog),
    settings: async () => ({ journalMode: 'wal', synchronous: 'full', path, filesystem: fs ? `${fs.type} on ${fs.device}` : null }),
    bytesOnDisk: async () => [path, `${path}-wal`].reduce((sum, file) => sum + (statSize(file) ?? 0), 0),
    drop: () => store.close(),
  };
}

async function postgresDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `sealdesk_bench_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const store = await openStore({ databaseUrl: url.toString() });
  const show = async (setting: string) => String(((await adminQuery(adminUrl, `show ${setting}`))[0] as Record<string, unknown>)[setting]);
  return {
    store,
    load: (logId, benchLog) => loadPostgres(url.toString(), logId, benchLog),
    settings: async () => ({
      version: String(((await adminQuery(adminUrl, 'select version()'))[0] as { version: string }).version),
      fsync: await show('fsync'),
      synchronousCommit: await show('synchronous_commit'),
      walSyncMethod: await show('wal_sync_method'),
      sharedBuffers: await show('shared_buffers'),
      dataDirectory: await show('data_directory').catch(() => null),
    }),
    bytesOnDisk: async () => Number(((await adminQuery(adminUrl, `select pg_database_size('${name}') as size`))[0] as { size: string }).size),
    async drop() {
      await store.close();
      await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

async function adminQuery(url: string, text: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

function statSize(path: string): number | null {
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
}

/** Appends, bulk load, checks, proofs and appends at size on one database. */
async function benchDatabase(name: string, database: BenchDatabase, benchLog: BenchLog, memory: MemoryPeak) {
  const keyRing = new KeyRing({ root: new FakeRootKeyProvider(), store: new SqlWrappedKeyStore(database.store.db, database.store.dialect), clock: systemClock });
  const audit = new MerkleAuditLog({ db: database.store.db, dialect: database.store.dialect, keyRing, clock: systemClock });
  const logs = Array.from({ length: options.appenders }, (_, i) => `ten_bench_${i}`);
  const emptyLog: AppendRun[] = [];
  for (const [appenders, logIds] of [[1, ['ten_bench_seq']], [options.appenders, ['ten_bench_one']], [options.appenders, logs]] as const) {
    await audit.append(logIds[0]!, benchEvent(logIds[0]!, 0)); // warm-up: the head row, prepared statements
    const run = await measureAppends(audit, logIds, appenders, options.seconds);
    log(`  ${name}: ${appenders} appender(s), ${run.logs} log(s): ${run.appendsPerSecond} appends/s (p50 ${run.latency.p50Ms} ms, p99 ${run.latency.p99Ms} ms)`);
    emptyLog.push(run);
  }

  log(`  ${name}: bulk-loading ${benchLog.size} entries…`);
  const nodes = benchLog.levels.reduce((sum, level) => sum + level.length / 32, 0);
  const load = await timed(() => database.load(BIG_LOG, benchLog));
  const tree = new MerkleTree(new SqlTreeNodeStore(database.store.db, BIG_LOG));
  const root = await tree.rootAt(benchLog.size);
  await database.store.db
    .insertInto('audit_heads')
    .values({ log_id: BIG_LOG, size: benchLog.size, root_hash: Buffer.from(root), updated_at: new Date().toISOString() })
    .execute();
  await keyRing.ensureScope(BIG_LOG); // as creating a tenant does: the checkpoint key is sealed under it
  const checkpoint = await audit.checkpoint(BIG_LOG);
  const verifierKey = await audit.verifierKey(BIG_LOG);
  log(`  ${name}: loaded in ${load.cost.wallSeconds} s; timing up to ${options.proofs} inclusion and consistency proofs (${options.proofSeconds} s each) at ${benchLog.size}…`);
  const leafHash = (index: number) => new Uint8Array(benchLog.levels[0]!.subarray(index * 32, index * 32 + 32));
  const proofs = await measureProofs(audit, BIG_LOG, benchLog.size, options.proofs, (size) => tree.rootAt(size), leafHash, options.proofSeconds);
  log(
    `  ${name}: ${proofs.inclusion.count} inclusion proofs p50 ${proofs.inclusion.p50Ms} ms p99 ${proofs.inclusion.p99Ms} ms; ` +
      `${proofs.consistency.count} consistency proofs p50 ${proofs.consistency.p50Ms} ms p99 ${proofs.consistency.p99Ms} ms`,
  );
  const atSize = await measureAppends(audit, [BIG_LOG], 1, options.seconds);
  log(`  ${name}: 1 appender on the ${benchLog.size}-entry log: ${atSize.appendsPerSecond} appends/s`);
  return {
    run: {
      settings: await database.settings(),
      appends: { emptyLog, atSize },
      bulkLoad: { ...load.cost, entries: benchLog.size, nodes, bytesOnDisk: await database.bytesOnDisk() },
      proofs,
      memory: memory.take(),
    } satisfies DatabaseRun,
    checkpoint,
    verifierKey,
  };
}

/** bench/results/audit-<date>.json, or audit-<date>-2.json, -3… when that day already has a run. */
function resultPath(date: Date): string {
  const base = join(ROOT, 'bench/results', `audit-${date.toISOString().slice(0, 10)}`);
  for (let run = 1; ; run++) {
    const path = run === 1 ? `${base}.json` : `${base}-${run}.json`;
    if (!existsSync(path)) return path;
  }
}

const started = new Date();
const memory = new MemoryPeak();
const scratch = mkdtempSync(join(flags.dir, 'sealdesk-bench-audit-'));
const results: Record<string, unknown> = {
  benchmark: 'audit',
  startedAt: started.toISOString(),
  command: `node --import tsx bench/audit.ts ${process.argv.slice(2).join(' ')}`.trim(),
  machine: describeMachine(ROOT),
  options,
};
try {
  log(`waiting up to ${options.quietWaitSeconds} s for the machine to be quiet…`);
  results.quiet = await waitForQuietMachine(options.quietWaitSeconds, QUIET_LIMIT_PERCENT_OF_CORE, availableParallelism());
  if (!(results.quiet as { quiet: boolean }).quiet) log('  the machine is still busy; measuring anyway (see otherCpuPercentOfCore per phase)');
  const fs = filesystemOf(scratch);
  log(`scratch ${scratch} (${fs?.type ?? 'unknown filesystem'}); fdatasync probe…`);
  results.fdatasync = { filesystem: fs, ...fdatasyncProbe(scratch, 2) };

  log(`building a ${options.entries}-entry log in memory…`);
  const built = await timed(() => buildBenchLog(BIG_LOG, options.entries));
  const benchLog = built.value;
  results.log = {
    entries: benchLog.size,
    leafMegabytes: round(benchLog.bytes.length / 1e6),
    meanEntryBytes: round(benchLog.bytes.length / benchLog.size),
    nodes: benchLog.levels.reduce((sum, level) => sum + level.length / 32, 0),
    buildSeconds: built.cost.wallSeconds,
    memory: memory.take(),
  };

  log('sqlite');
  const sqlite = await sqliteDatabase(scratch);
  let verifyWith: { checkpoint: string; verifierKey: string };
  try {
    const { run, ...keys } = await benchDatabase('sqlite', sqlite, benchLog, memory);
    results.sqlite = run;
    verifyWith = keys;
  } finally {
    await sqlite.drop();
  }

  if (!flags['no-postgres']) {
    log('postgres');
    const postgres = await postgresDatabase(flags.postgres);
    try {
      results.postgres = (await benchDatabase('postgres', postgres, benchLog, memory)).run;
    } finally {
      await postgres.drop();
    }
  }

  log(`verifying the whole ${benchLog.size}-entry log (verifyLog with every leaf) and hashing the same bytes raw…`);
  const verification: VerificationRun = await measureVerification(benchLog, verifyWith.checkpoint, verifyWith.verifierKey, options.verifySample);
  results.verification = { ...verification, memory: memory.take() };
  log(
    `  verifyLog: ${verification.fullLog.entriesPerSecond} entries/s, ${verification.fullLog.megabytesPerSecond} MB/s; ` +
      `WebCrypto per leaf ${verification.webCryptoPerLeaf.entriesPerSecond}/s; createHash per leaf ${verification.nodeCryptoPerLeaf.entriesPerSecond}/s; ` +
      `bulk SHA-256 ${verification.nodeCryptoBulk.megabytesPerSecond} MB/s (node) ${verification.webCryptoBulk.megabytesPerSecond} MB/s (WebCrypto)`,
  );
} catch (error) {
  results.error = error instanceof Error ? error.message : String(error);
  throw error;
} finally {
  memory.stop();
  rmSync(scratch, { recursive: true, force: true });
  results.finishedAt = new Date().toISOString();
  results.wallSeconds = round((Date.now() - started.getTime()) / 1000);
  const out = resultPath(started);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  log(`results: ${out} (${results.wallSeconds} s)`);
}
