/**
 * Key rotation and the data-key cache under traffic, in one process (bench/lib/in-process-sealdesk.ts:
 * a real installation — root key file, SQLite WAL — and its API driven by `inject`).
 *
 *   node --import tsx bench/key-rotation.ts [--conversations 200] [--messages 20] [--clients 4]
 *     [--baseline-seconds 5] [--ingest-seconds 10] [--cache-conversations 50,2000] [--batch 200] [--out FILE]
 *
 * (a) Rotation: one tenant with `conversations` × `messages` messages is rotated (level tenant)
 *     twice by the job `serve` runs (`runKeyRotation`, batches of `batch`): once alone, once while
 *     `clients` closed-loop clients write messages and read whole conversations through the API.
 *     The re-encryption rate is that of the job's first reseal pass (values re-encrypted per
 *     second); the job's later passes wait for other processes (6 s) and find little.
 *     The same traffic without a rotation, for `baseline-seconds`, is the comparison.
 * (b) Cache: the ingest benchmark's workload (POST /v1/conversations/{id}/messages, its message
 *     bodies, round robin over N conversations, `clients` at once) for `ingest-seconds`, with the
 *     key ring's cache counters read before and after.
 *
 * See docs/benchmarks.md for the figures. The data directory is removed at the end.
 */
import { writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { newId } from '../src/common/index.js';
import { runKeyRotation, startKeyRotation, type KeyRotation, type KeyRotationDeps } from '../src/key-rotation/index.js';
import { formatTable } from './lib/format-table.js';
import { openInProcessSealdesk, round, runTraffic, seedTenant, type InProcessSealdesk, type TrafficResult } from './lib/in-process-sealdesk.js';
import { describeMachine } from './lib/machine.js';
import { MESSAGE_BODIES } from './lib/message-bodies.js';

const REPOSITORY = dirname(dirname(fileURLToPath(import.meta.url)));
const BENCH = { kind: 'system', id: 'system', job: 'bench' } as const;

const { values: flags } = parseArgs({
  options: {
    conversations: { type: 'string', default: '200' },
    messages: { type: 'string', default: '20' },
    clients: { type: 'string', default: '4' },
    'baseline-seconds': { type: 'string', default: '5' },
    'ingest-seconds': { type: 'string', default: '10' },
    'cache-conversations': { type: 'string', default: '50,2000' },
    batch: { type: 'string', default: '200' },
    out: { type: 'string' },
  },
});
const count = (name: string, value: string | undefined) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`--${name} must be a positive whole number`);
  return parsed;
};
const options = {
  conversations: count('conversations', flags.conversations),
  messages: count('messages', flags.messages),
  clients: count('clients', flags.clients),
  baselineSeconds: count('baseline-seconds', flags['baseline-seconds']),
  ingestSeconds: count('ingest-seconds', flags['ingest-seconds']),
  cacheConversations: (flags['cache-conversations'] ?? '').split(',').map((each) => count('cache-conversations', each)),
  batch: count('batch', flags.batch),
};

/** How a rotation went: its first reseal pass, and the whole job. */
interface RotationRun {
  readonly scenario: string;
  readonly sealedValues: number;
  readonly rewrapped: number;
  readonly rewrapSeconds: number;
  readonly pass1Resealed: number;
  readonly pass1Seconds: number;
  readonly pass1PerSecond: number;
  readonly totalResealed: number;
  readonly passes: number;
  readonly jobSeconds: number;
  readonly traffic: TrafficResult | null;
}

async function rotate(sd: InProcessSealdesk, tenantId: string, scenario: string, traffic: ((running: () => boolean) => Promise<TrafficResult>) | undefined): Promise<RotationRun> {
  const deps: KeyRotationDeps = { db: sd.installation.store.db, keyRing: sd.installation.keyRing, audit: sd.installation.audit, clock: sd.installation.clock };
  const { rotation } = await startKeyRotation(deps, BENCH, { requestId: newId('request'), channel: 'cli' }, tenantId, 'tenant');
  const started = performance.now();
  let resealFrom: number | undefined;
  let pass1: { at: number; resealed: number } | undefined;
  const onProgress = (progress: KeyRotation) => {
    if (progress.phase === 'reseal' && resealFrom === undefined) resealFrom = performance.now();
    if (pass1 === undefined && (progress.progress.pass >= 2 || progress.status === 'completed')) pass1 = { at: performance.now(), resealed: progress.progress.resealed };
  };
  let running = true;
  const load = traffic?.(() => running);
  const done = await runKeyRotation(deps, rotation.id, { batchSize: options.batch, onProgress }).finally(() => (running = false));
  const jobSeconds = (performance.now() - started) / 1000;
  if (done.status !== 'completed' || resealFrom === undefined || pass1 === undefined) throw new Error(`rotation ${done.id} ended ${done.status} in phase ${done.phase}`);
  const pass1Seconds = (pass1.at - resealFrom) / 1000;
  return {
    scenario,
    sealedValues: done.progress.total,
    rewrapped: done.progress.rewrapped,
    rewrapSeconds: round((resealFrom - started) / 1000, 3),
    pass1Resealed: pass1.resealed,
    pass1Seconds: round(pass1Seconds, 3),
    pass1PerSecond: Math.round(pass1.resealed / pass1Seconds),
    totalResealed: done.progress.resealed,
    passes: done.progress.pass,
    jobSeconds: round(jobSeconds),
    traffic: load === undefined ? null : await load,
  };
}

/** Half the requests write a message, half read a whole conversation back. */
function mixedTraffic(sd: InProcessSealdesk, ownerKey: string, conversationIds: readonly string[]) {
  return (running: () => boolean) =>
    runTraffic(sd, options.clients, running, (client, n) => {
      const conversationId = conversationIds[(client * 7919 + n * 31) % conversationIds.length]!;
      return n % 2 === 0
        ? { kind: 'write', method: 'POST', url: `/v1/conversations/${conversationId}/messages`, apiKey: ownerKey, body: { body: MESSAGE_BODIES[n % MESSAGE_BODIES.length] }, expected: 201 }
        : { kind: 'read', method: 'GET', url: `/v1/conversations/${conversationId}`, apiKey: ownerKey, expected: 200 };
    });
}

function forSeconds(seconds: number): () => boolean {
  const until = performance.now() + seconds * 1000;
  return () => performance.now() < until;
}

interface CacheRun {
  readonly conversations: number;
  readonly requests: number;
  readonly failed: number;
  readonly perSecond: number;
  readonly lookups: number;
  readonly hits: number;
  readonly misses: number;
  readonly expired: number;
  readonly evicted: number;
  readonly hitRate: number;
  readonly cachedKeys: number;
}

async function cacheUnderIngest(sd: InProcessSealdesk, conversations: number): Promise<CacheRun> {
  const fixture = await seedTenant(sd, `Cache ${conversations}`, conversations, 1, MESSAGE_BODIES);
  const before = sd.installation.keyRing.cacheStats();
  const result = await runTraffic(sd, options.clients, forSeconds(options.ingestSeconds), (client, n) => {
    const index = (n * options.clients + client) % fixture.conversationIds.length;
    const round_ = Math.floor((n * options.clients + client) / fixture.conversationIds.length);
    return {
      kind: 'ingest',
      method: 'POST',
      url: `/v1/conversations/${fixture.conversationIds[index]}/messages`,
      apiKey: fixture.ownerKey,
      body: { body: MESSAGE_BODIES[(round_ + index) % MESSAGE_BODIES.length] },
      expected: 201,
    };
  });
  const after = sd.installation.keyRing.cacheStats();
  const hits = after.hits - before.hits;
  const misses = after.misses - before.misses;
  const ingest = result.byKind.ingest!;
  return {
    conversations,
    requests: ingest.count,
    failed: ingest.failed,
    perSecond: Math.round(ingest.count / result.seconds),
    lookups: hits + misses,
    hits,
    misses,
    expired: after.expired - before.expired,
    evicted: after.evicted - before.evicted,
    hitRate: round((100 * hits) / Math.max(1, hits + misses), 3),
    cachedKeys: after.size,
  };
}

const machine = describeMachine(REPOSITORY);
process.stderr.write(`key-rotation bench: ${JSON.stringify(options)}\n`);
const sd = await openInProcessSealdesk();
try {
  const seedStarted = performance.now();
  const tenant = await seedTenant(sd, 'Rotation Bench', options.conversations, options.messages, MESSAGE_BODIES);
  process.stderr.write(`seeded ${options.conversations} × ${options.messages} messages in ${round((performance.now() - seedStarted) / 1000)} s\n`);
  const traffic = mixedTraffic(sd, tenant.ownerKey, tenant.conversationIds);
  const baseline = await traffic(forSeconds(options.baselineSeconds));
  const alone = await rotate(sd, tenant.tenantId, 'alone', undefined);
  process.stderr.write(`rotation alone: ${JSON.stringify(alone)}\n`);
  const underTraffic = await rotate(sd, tenant.tenantId, `with ${options.clients} clients writing and reading`, traffic);
  process.stderr.write(`rotation under traffic: ${JSON.stringify(underTraffic)}\n`);
  const caches: CacheRun[] = [];
  for (const conversations of options.cacheConversations) {
    caches.push(await cacheUnderIngest(sd, conversations));
    process.stderr.write(`cache: ${JSON.stringify(caches.at(-1))}\n`);
  }

  const rotationTable = formatTable(
    ['rotation', 'sealed values', 'keys re-wrapped (s)', 'pass 1 re-encrypted', 'pass 1 s', 'values/s', 'passes', 'job s'],
    [alone, underTraffic].map((run) => [
      run.scenario,
      String(run.sealedValues),
      `${run.rewrapped} (${run.rewrapSeconds})`,
      String(run.pass1Resealed),
      String(run.pass1Seconds),
      String(run.pass1PerSecond),
      String(run.passes),
      String(run.jobSeconds),
    ]),
  );
  const trafficRows = (label: string, result: TrafficResult) =>
    Object.entries(result.byKind).map(([kind, stats]) => [label, kind, String(stats.count), String(Math.round(stats.count / result.seconds)), String(stats.p50Ms), String(stats.p99Ms), String(stats.failed)]);
  const trafficTable = formatTable(
    ['traffic', 'request', 'count', 'per s', 'p50 ms', 'p99 ms', 'failed'],
    [...trafficRows('no rotation', baseline), ...(underTraffic.traffic ? trafficRows('during the rotation', underTraffic.traffic) : [])],
  );
  const cacheTable = formatTable(
    ['conversations', 'ingest requests', 'per s', 'key lookups', 'hits', 'misses', 'hit rate %', 'expired', 'evicted', 'keys cached'],
    caches.map((run) => [String(run.conversations), String(run.requests), String(run.perSecond), String(run.lookups), String(run.hits), String(run.misses), String(run.hitRate), String(run.expired), String(run.evicted), String(run.cachedKeys)]),
  );
  process.stdout.write(`${rotationTable}\n\n${trafficTable}\n\n${cacheTable}\n`);
  const report = { machine, options, command: `node --import tsx bench/key-rotation.ts ${process.argv.slice(2).join(' ')}`.trim(), baseline, rotations: [alone, underTraffic], caches };
  if (flags.out !== undefined) writeFileSync(flags.out, `${JSON.stringify(report, null, 2)}\n`);
  const failures = [...Object.values(baseline.byKind), ...Object.values(underTraffic.traffic?.byKind ?? {})].reduce((sum, stats) => sum + stats.failed, 0) + caches.reduce((sum, run) => sum + run.failed, 0);
  if (failures > 0) {
    process.stderr.write(`${failures} requests failed\n`);
    process.exitCode = 1;
  }
} finally {
  await sd.close();
}
