/**
 * Ingest benchmark: throughput and latency of `POST /v1/conversations/{id}/messages` over real
 * HTTPS, against a bare Fastify HTTPS endpoint measured in the same run (the ceiling on this
 * machine). See docs/benchmarks.md for what it measures and the latest figures.
 *
 *   npm run build && node --import tsx bench/ingest.ts [--duration 15] [--connections 16]
 *     [--warmup 3] [--conversations 50] [--log-levels warn,info]
 *     [--profile] [--tmpfs-probe] [--durable-probe]
 *     [--rounds 1] [--quiet-wait 60] [--noisy-retries 1] [--revision REV]
 *
 * With --rounds N the Sealdesk and ceiling runs are repeated N times, interleaved, and the round
 * with the least other work on the machine stands for each (all rounds are kept in the JSON).
 * Before each run it waits up to --quiet-wait seconds for the machine to be quiet, and a run
 * during which other work used more than a quarter of a core is repeated up to --noisy-retries
 * times. Without --revision it measures the work tree's dist/ (built by `npm run build`); with
 * it, the committed tree of REV, exported and compiled in a temporary directory.
 *
 * Every server and the load generator are separate child processes on 127.0.0.1; everything
 * is bounded in time, and child processes and temporary directories are removed even on failure.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildRevision } from './lib/build-revision.js';
import { ChildProcesses, hasExited } from './lib/child-processes.js';
import { freePort } from './lib/free-port.js';
import { expectJson, waitUntilServing, type HttpsTarget } from './lib/https-json.js';
import { runLoad } from './lib/load-run.js';
import {
  CEILING,
  cpuCostRatios,
  describeOutcome,
  formatIngestTable,
  isClean,
  isNoisy,
  NOISE_LIMIT_PERCENT_OF_CORE,
  PRIMARY,
  ratiosPerRound,
  ratiosToCeiling,
  summariseScenarios,
  type Scenario,
  type ScenarioOutcome,
} from './lib/ingest-report.js';
import type { LoadOptions, LoadRequest } from './lib/load-types.js';
import { describeMachine, filesystemOf } from './lib/machine.js';
import { MESSAGE_BODIES } from './lib/message-bodies.js';
import { waitForQuietMachine } from './lib/process-cpu.js';
import { initSealdesk, seedIngestFixture, startSealdesk, type IngestFixture } from './lib/sealdesk-process.js';
import { formatProfileSummary, summariseCpuProfile } from './summarise-cpu-profile.js';

const REPOSITORY = dirname(dirname(fileURLToPath(import.meta.url)));
const BARE_SERVER = join(REPOSITORY, 'bench/bare-server.ts');
const TARGET_RATIO = 0.4;
/** Idle servers and this process use a few % of a core; more than this is someone else's work. */
const QUIET_LIMIT_PERCENT_OF_CORE = 15;

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '16' },
    conversations: { type: 'string', default: '50' },
    'log-levels': { type: 'string', default: 'warn,info' },
    timeout: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '1' },
    'quiet-wait': { type: 'string', default: '60' },
    'noisy-retries': { type: 'string', default: '1' },
    profile: { type: 'boolean', default: false },
    'tmpfs-probe': { type: 'boolean', default: false },
    'durable-probe': { type: 'boolean', default: false },
    'tmp-root': { type: 'string', default: tmpdir() },
    revision: { type: 'string' },
    out: { type: 'string' },
  },
});

const options = {
  durationSeconds: positiveNumber('duration', flags.duration),
  warmupSeconds: nonNegativeNumber('warmup', flags.warmup),
  connections: positiveInteger('connections', flags.connections),
  conversations: positiveInteger('conversations', flags.conversations),
  logLevels: flags['log-levels'].split(',').filter((level) => level !== ''),
  timeoutSeconds: positiveNumber('timeout', flags.timeout),
  rounds: positiveInteger('rounds', flags.rounds),
  quietWaitSeconds: nonNegativeNumber('quiet-wait', flags['quiet-wait']),
  noisyRetries: nonNegativeInteger('noisy-retries', flags['noisy-retries']),
  profile: flags.profile,
  tmpfsProbe: flags['tmpfs-probe'],
  durableProbe: flags['durable-probe'],
  tmpRoot: flags['tmp-root'],
};
if (!options.logLevels.includes('warn')) options.logLevels.unshift('warn');

const measuredScenarios: Scenario[] = [
  ...options.logLevels.map(
    (level): Scenario => ({
      name: `sealdesk (log ${level})`,
      description: `Sealdesk serve, SEALDESK_LOG_LEVEL=${level}, SQLite on the temporary directory's filesystem`,
      kind: 'sealdesk',
      logLevel: level,
      diagnostic: false,
    }),
  ),
  { name: CEILING, description: 'bench/bare-server.ts: same TLS options and certificate, parses the body, 201 {id}', kind: 'bare', diagnostic: false },
];
const diagnosticScenarios: Scenario[] = [
  ...(options.durableProbe
    ? [
        {
          name: 'bare + 1 durable SQLite insert',
          description: 'diagnostic: the bare server plus one prepared INSERT per request in SQLite with WAL and synchronous=FULL (one fsync per request)',
          kind: 'bare',
          durableInsert: true,
          diagnostic: true,
        } satisfies Scenario,
      ]
    : []),
  ...(options.tmpfsProbe && existsSync('/dev/shm')
    ? [
        {
          name: 'sealdesk (log warn, data on tmpfs)',
          description: 'diagnostic: data directory on /dev/shm, where fsync costs nearly nothing (not a valid deployment)',
          kind: 'sealdesk',
          logLevel: 'warn',
          dataRoot: '/dev/shm',
          diagnostic: true,
        } satisfies Scenario,
      ]
    : []),
  ...(options.profile
    ? [
        {
          name: 'sealdesk (log warn, --cpu-prof)',
          description: 'diagnostic: as the warn run, with the V8 CPU profiler on (slower; for where the time goes)',
          kind: 'sealdesk',
          logLevel: 'warn',
          cpuProfile: true,
          diagnostic: true,
        } satisfies Scenario,
      ]
    : []),
];

/** The measured scenarios, round after round, then the diagnostics once. */
const plan: { scenario: Scenario; round: number }[] = [
  ...Array.from({ length: options.rounds }, (_, index) => measuredScenarios.map((scenario) => ({ scenario, round: index + 1 }))).flat(),
  ...diagnosticScenarios.map((scenario) => ({ scenario, round: 1 })),
];

/** Where bin/sealdesk.js and its dist/ are: the work tree, or an exported and built revision. */
let sealdeskRoot = REPOSITORY;
const children = new ChildProcesses();
const temporaryDirectories: string[] = [];
let cleanedUp = false;

function cleanUpSync(): void {
  if (cleanedUp) return;
  cleanedUp = true;
  children.killAllSync();
  for (const directory of temporaryDirectories) rmSync(directory, { recursive: true, force: true });
}

process.once('exit', cleanUpSync);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`\n${signal}: stopping the servers and removing temporary files\n`);
    process.exit(130);
  });
}
const budgetSeconds = plan.length * (options.noisyRetries + 1) * (options.warmupSeconds + options.durationSeconds + options.timeoutSeconds + options.quietWaitSeconds + 90) + 360;
setTimeout(() => {
  process.stderr.write(`bench: gave up after ${budgetSeconds} s\n`);
  process.exit(1);
}, budgetSeconds * 1000).unref();

try {
  process.exitCode = await main();
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await children.stopAll();
  cleanUpSync();
}

async function main(): Promise<number> {
  const machine = describeMachine(REPOSITORY);
  const root = mkdtempSync(join(options.tmpRoot, 'sealdesk-bench-'));
  temporaryDirectories.push(root);
  const startedAt = new Date();
  let measured: { source: string; commit: string | null };
  if (flags.revision === undefined) {
    checkBuild();
    measured = { source: `work tree dist/${machine.workTreeDirty ? ' (uncommitted changes present)' : ''}`, commit: machine.commit };
  } else {
    log(`building ${flags.revision} in ${root} …`);
    const built = await buildRevision(REPOSITORY, flags.revision, root);
    sealdeskRoot = built.root;
    measured = { source: `git archive of ${flags.revision}`, commit: built.commit };
  }
  log(`measuring Sealdesk from ${measured.source} at ${measured.commit ?? 'unknown commit'}`);
  log(`machine: ${machine.nproc} cores, ${machine.cpuModel}, node ${machine.node}`);
  log(`each run: ${options.warmupSeconds} s warm-up, ${options.durationSeconds} s measured, ${options.connections} connections, ${options.conversations} conversations`);

  let certificate: { cert: string; key: string } | undefined;
  let requests: LoadRequest[] | undefined;
  const outcomes: ScenarioOutcome[] = [];
  const resultsPath = flags.out ?? join(REPOSITORY, 'bench/results', `ingest-${stamp(startedAt)}.json`);
  /** Rewritten after every run (`complete: false`), so an interrupted run keeps what it measured. */
  const writeResults = (complete: boolean): { ratio: number; valid: boolean } => {
    const summaries = summariseScenarios(outcomes);
    const ratios = ratiosToCeiling(summaries);
    const ratio = ratios[PRIMARY];
    if (complete && ratio === undefined) throw new Error('missing the Sealdesk (log warn) or the ceiling run');
    const invalid = outcomes.filter((each) => !each.scenario.diagnostic && !isClean(each.result));
    const noisy = outcomes.filter((each) => !each.scenario.diagnostic && isNoisy(each));
    const valid = complete && invalid.length === 0;
    mkdirSync(dirname(resultsPath), { recursive: true });
    writeFileSync(
      resultsPath,
      `${JSON.stringify(
        {
          benchmark: 'ingest',
          endpoint: 'POST /v1/conversations/{id}/messages',
          command: `node --import tsx bench/ingest.ts ${process.argv.slice(2).join(' ')}`.trim(),
          startedAt: startedAt.toISOString(),
          finishedAt: new Date().toISOString(),
          complete,
          valid,
          sealdesk: measured,
          machine,
          options: { ...options, messageBytes: MESSAGE_BODIES.map((body) => Buffer.byteLength(JSON.stringify({ body }))) },
          loadGenerator:
            'bench/load-generator.ts in its own process: closed loop, HTTP/1.1 keep-alive, no pipelining, TLS verified against the server certificate',
          ratios,
          cpuCostRatios: cpuCostRatios(summaries),
          ratiosPerRound: ratiosPerRound(outcomes),
          targetRatio: TARGET_RATIO,
          noisy: noisy.map((each) => ({ scenario: each.scenario.name, round: each.round, otherPercentOfCore: each.cpu.otherPercentOfCore })),
          summary: summaries.map((each) => ({ scenario: each.scenario.name, chosenRound: each.chosen.round, requestsPerSecond: each.requestsPerSecond })),
          runs: outcomes,
        },
        null,
        2,
      )}\n`,
    );
    return { ratio: ratio ?? 0, valid };
  };
  for (const [index, { scenario, round }] of plan.entries()) {
    for (let attempt = 1; attempt <= options.noisyRetries + 1; attempt++) {
      const retry = attempt > 1 ? `, retry ${attempt - 1} (the last attempt was noisy)` : '';
      log(`\n[${index + 1}/${plan.length}] ${scenario.name}${options.rounds > 1 && !scenario.diagnostic ? `, round ${round}` : ''}${retry}`);
      const directory =
        scenario.dataRoot === undefined ? join(root, `run-${index}-${attempt}`) : mkdtempSync(join(scenario.dataRoot, 'sealdesk-bench-'));
      if (scenario.dataRoot !== undefined) temporaryDirectories.push(directory);
      mkdirSync(directory, { recursive: true });
      let outcome: ScenarioOutcome;
      if (scenario.kind === 'sealdesk') {
        const run = await runSealdesk(scenario, round, directory, certificate);
        certificate ??= run.certificate;
        requests ??= run.requests;
        outcome = run.outcome;
      } else {
        if (!certificate || !requests) throw new Error('the bare server runs after a Sealdesk run, which provides the certificate and requests');
        outcome = await runBare(scenario, round, directory, certificate, requests);
      }
      outcomes.push(outcome);
      writeResults(false);
      log(describeOutcome(outcome));
      if (scenario.kind === 'sealdesk' && outcome.storedMessages !== null && outcome.storedMessages < outcome.result.completed) {
        throw new Error(`only ${outcome.storedMessages} messages were stored, but ${outcome.result.completed} were acknowledged`);
      }
      if (!isNoisy(outcome)) break;
    }
  }


  const { ratio, valid } = writeResults(true);
  const summaries = summariseScenarios(outcomes);
  const ratios = ratiosToCeiling(summaries);
  const cpuRatios = cpuCostRatios(summaries);
  const roundRatios = ratiosPerRound(outcomes);
  const invalid = outcomes.filter((each) => !each.scenario.diagnostic && !isClean(each.result));
  const noisy = outcomes.filter((each) => !each.scenario.diagnostic && isNoisy(each));

  log(`\n${formatIngestTable(summaries, ratios)}\n`);
  log(
    `ratio (Sealdesk, log warn / ceiling): ${(ratio * 100).toFixed(1)} %` +
      (roundRatios.length > 1 ? ` (per round: ${roundRatios.map((each) => `${(each * 100).toFixed(1)} %`).join(', ')})` : '') +
      ` — target ≥ ${TARGET_RATIO * 100} %: ${ratio >= TARGET_RATIO ? 'met' : 'not met'}`,
  );
  const cpuRatio = cpuRatios[PRIMARY];
  if (cpuRatio !== undefined) {
    log(`server CPU per request, ceiling / Sealdesk (log warn): ${(cpuRatio * 100).toFixed(1)} % (insensitive to other work on the machine)`);
  }
  log(
    `CPU in % of one core: the server (its kernel share in brackets), the load generator, and everything else on the ${machine.nproc}-core machine; ` +
      'µs/req is server CPU time per request',
  );
  for (const { scenario, chosen } of summaries) {
    if (chosen.profile) log(`\nwhere the time goes (${scenario.name}):\n${formatProfileSummary(chosen.profile)}`);
  }
  if (noisy.length > 0) log(`\nNOISY: other work above ${NOISE_LIMIT_PERCENT_OF_CORE} % of a core during ${noisy.map((each) => `${each.scenario.name} round ${each.round}`).join(', ')}`);
  if (!valid) log(`\nINVALID RUN: errors or non-2xx answers in ${invalid.map((each) => `${each.scenario.name} round ${each.round}`).join(', ')}`);
  log(`\nraw results: ${relative(REPOSITORY, resultsPath)}`);
  return valid ? 0 : 1;
}

async function runSealdesk(
  scenario: Scenario,
  round: number,
  directory: string,
  certificate: { cert: string; key: string } | undefined,
): Promise<{ outcome: ScenarioOutcome; certificate: { cert: string; key: string }; requests: LoadRequest[] }> {
  const dataDir = join(directory, 'data');
  const { apiKey: operatorKey } = await initSealdesk(sealdeskRoot, dataDir);
  const tls = certificate ?? { cert: join(dataDir, 'tls/cert.pem'), key: join(dataDir, 'tls/key.pem') };
  const port = await freePort();
  const profileDir = scenario.cpuProfile ? join(directory, 'profile') : undefined;
  const server = startSealdesk(children, {
    repositoryRoot: sealdeskRoot,
    dataDir,
    port,
    logLevel: scenario.logLevel ?? 'warn',
    tlsCert: tls.cert,
    tlsKey: tls.key,
    outputFile: join(directory, 'server-output.log'),
    cpuProfileDir: profileDir,
  });
  try {
    const target: HttpsTarget = { host: '127.0.0.1', port, ca: readFileSync(tls.cert, 'utf8') };
    await waitUntilServing(target, '/v1/health', 20_000, () => !hasExited(server));
    const fixture = await seedIngestFixture(target, operatorKey, options.conversations, MESSAGE_BODIES[0] ?? 'hello');
    const requests = ingestRequests(fixture);
    await settle();
    const { result, cpu, window } = await runLoad(children, loadOptions(target, requests), server.pid);
    const storedMessages = await countStoredMessages(target, fixture);
    await children.stop(server, 'SIGTERM', 20_000);
    const profile = profileDir === undefined ? undefined : summariseCpuProfile(findProfile(profileDir), window);
    return {
      outcome: { scenario, round, dataFilesystem: filesystemOf(dataDir), result, cpu, storedMessages, profile },
      certificate: tls,
      requests,
    };
  } catch (error) {
    process.stderr.write(tail(join(directory, 'server-output.log')));
    throw error;
  } finally {
    await children.stop(server, 'SIGTERM', 20_000);
  }
}

async function runBare(
  scenario: Scenario,
  round: number,
  directory: string,
  certificate: { cert: string; key: string },
  requests: LoadRequest[],
): Promise<ScenarioOutcome> {
  const port = await freePort();
  const database = scenario.durableInsert ? join(directory, 'bare.db') : undefined;
  const server = children.spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      bareServerFor(sealdeskRoot),
      '--port',
      String(port),
      '--cert',
      certificate.cert,
      '--key',
      certificate.key,
      ...(database === undefined ? [] : ['--sqlite', database]),
    ],
    { cwd: REPOSITORY, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  try {
    const target: HttpsTarget = { host: '127.0.0.1', port, ca: readFileSync(certificate.cert, 'utf8') };
    await waitUntilServing(target, '/v1/health', 20_000, () => !hasExited(server));
    await settle();
    const { result, cpu } = await runLoad(children, loadOptions(target, requests), server.pid);
    return { scenario, round, dataFilesystem: database === undefined ? null : filesystemOf(database), result, cpu, storedMessages: null };
  } finally {
    await children.stop(server, 'SIGTERM', 10_000);
  }
}

/** Before a measured run: wait (bounded by --quiet-wait) until other work on the machine has calmed down. */
async function settle(): Promise<void> {
  if (options.quietWaitSeconds === 0) return;
  const { waited, quiet } = await waitForQuietMachine(options.quietWaitSeconds, QUIET_LIMIT_PERCENT_OF_CORE, availableParallelism());
  if (!quiet) log(`  the machine was not quiet after ${waited} s (other work above ${QUIET_LIMIT_PERCENT_OF_CORE} % of a core); measuring anyway`);
  else if (waited > 2) log(`  waited ${waited} s for other work on the machine to stop`);
}

/**
 * The bare server imports `serverTlsOptions` from `../src/server/index.js`; for a built revision
 * it runs from a copy inside that tree, so both servers use the TLS settings of the same code.
 */
function bareServerFor(root: string): string {
  if (root === REPOSITORY) return BARE_SERVER;
  const copy = join(root, 'bench/bare-server.ts');
  mkdirSync(dirname(copy), { recursive: true });
  copyFileSync(BARE_SERVER, copy);
  return copy;
}

/** Each conversation with each message body, interleaved so consecutive requests hit different rows. */
function ingestRequests(fixture: IngestFixture): LoadRequest[] {
  const requests: LoadRequest[] = [];
  for (let round = 0; round < MESSAGE_BODIES.length; round++) {
    for (const [index, conversationId] of fixture.conversationIds.entries()) {
      requests.push({
        method: 'POST',
        path: `/v1/conversations/${conversationId}/messages`,
        headers: { authorization: `Bearer ${fixture.ownerKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ body: MESSAGE_BODIES[(round + index) % MESSAGE_BODIES.length] }),
      });
    }
  }
  return requests;
}

function loadOptions(target: HttpsTarget, requests: readonly LoadRequest[]): LoadOptions {
  return {
    host: target.host,
    port: target.port,
    ca: target.ca,
    checkHost: target.host,
    connections: options.connections,
    warmupSeconds: options.warmupSeconds,
    durationSeconds: options.durationSeconds,
    timeoutSeconds: options.timeoutSeconds,
    requests,
  };
}

async function countStoredMessages(target: HttpsTarget, fixture: IngestFixture): Promise<number | null> {
  if (fixture.conversationIds.length > 200) return null;
  const listed = await expectJson<{ conversations: { messageCount: number }[] }>(
    target,
    'GET',
    `/v1/tenants/${fixture.tenantId}/conversations?limit=200`,
    200,
    { apiKey: fixture.ownerKey },
  );
  return listed.conversations.reduce((sum, each) => sum + each.messageCount, 0) - fixture.conversationIds.length;
}

/** Fails early when dist/ is missing; warns when the sources look newer than the build. */
function checkBuild(): void {
  const entry = join(REPOSITORY, 'dist/cli/main.js');
  if (!existsSync(entry) || !existsSync(join(REPOSITORY, 'dist/server/index.js'))) {
    throw new Error('dist/ is missing or incomplete: run `npm run build` first (bin/sealdesk.js runs the compiled code)');
  }
  const built = statSync(entry).mtimeMs;
  const newer = sourceFiles(join(REPOSITORY, 'src')).filter((file) => statSync(file).mtimeMs > built);
  if (newer.length > 0) {
    log(`warning: ${newer.length} file(s) under src/ are newer than dist/ (e.g. ${relative(REPOSITORY, newer[0] ?? '')}); run \`npm run build\` to measure them`);
  }
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

function findProfile(directory: string): string {
  const file = existsSync(directory) ? readdirSync(directory).find((name) => name.endsWith('.cpuprofile')) : undefined;
  if (file === undefined) throw new Error(`the profiled server wrote no .cpuprofile in ${directory} (did it exit cleanly?)`);
  return join(directory, file);
}

function tail(file: string): string {
  try {
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    return `--- last lines of ${file} ---\n${lines.slice(-20).join('\n')}\n`;
  } catch {
    return '';
  }
}

function stamp(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, 'Z').replaceAll(':', '');
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

function positiveNumber(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new Error(`--${name} must be a positive number`);
  return number;
}

function nonNegativeNumber(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) throw new Error(`--${name} must be zero or more`);
  return number;
}

function nonNegativeInteger(name: string, value: string): number {
  const number = nonNegativeNumber(name, value);
  if (!Number.isInteger(number)) throw new Error(`--${name} must be a whole number`);
  return number;
}

function positiveInteger(name: string, value: string): number {
  const number = positiveNumber(name, value);
  if (!Number.isInteger(number)) throw new Error(`--${name} must be a whole number`);
  return number;
}
