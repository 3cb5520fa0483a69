/**
 * Authorisation benchmark: `authorize()` decisions per second and latency percentiles with 10,000
 * live grants, three ways. See docs/benchmarks.md ("Access decisions") for what it measures and
 * the latest figures.
 *
 *   node --import tsx bench/authorize.ts [--grants 10000] [--holders 1000] [--decisions 200000]
 *     [--sql-decisions 20000] [--seed 1]
 *
 * - `own grants`: the context holds the caller's live grants (what `loadAccessContext` loads).
 * - `all grants`: the context holds all live grants of the tenant, so every decision scans them
 *   (the worst case `authorize` is written to survive: it checks holder, tenant, status, deadline
 *   and scope of every grant it is given).
 * - `sql`: the full decision of the gate minus the audit append: load the context from SQLite
 *   (policy, the caller's live grants, teams) with the grants in `access_grants`, then decide.
 *
 * Pure decisions are timed one by one with `process.hrtime.bigint()` for the percentiles, and in
 * untimed batches for throughput. Everything runs in this process; the temporary database is
 * removed at the end, even on failure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  authorize,
  DEFAULT_ACCESS_POLICY,
  grantToRow,
  loadAccessContext,
  newGrant,
  type AccessContext,
  type Grant,
  type Principal,
  type Resource,
} from '../src/access/index.js';
import { DEFAULT_AUDIT_RETENTION_DAYS } from '../src/audit/index.js';
import { openStore } from '../src/store/index.js';
import { DEFAULT_REGION } from '../src/tenancy/index.js';
import { formatTable } from './lib/format-table.js';
import { describeMachine } from './lib/machine.js';

const { values: flags } = parseArgs({
  options: {
    grants: { type: 'string', default: '10000' },
    holders: { type: 'string', default: '1000' },
    decisions: { type: 'string', default: '200000' },
    'sql-decisions': { type: 'string', default: '20000' },
    seed: { type: 'string', default: '1' },
  },
});
const GRANTS = Number(flags.grants);
const HOLDERS = Number(flags.holders);
const DECISIONS = Number(flags.decisions);
const SQL_DECISIONS = Number(flags['sql-decisions']);
const CONVERSATIONS = 5000;
const TENANT = 'ten_benchbenchbenchbenchbenchbe';
const NOW = new Date('2026-03-01T12:00:00.000Z');

/** A small deterministic PRNG (mulberry32), so every run decides the same questions. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(Number(flags.seed));
const pick = (n: number) => Math.floor(random() * n);
const holderId = (index: number) => `mem_holder${String(index).padStart(19, '0')}`;
const conversationId = (index: number) => `cnv_bench${String(index).padStart(21, '0')}`;
const contactOf = (conversation: number) => `ctc_bench${String(conversation % 2000).padStart(21, '0')}`;

/** Live grants over `HOLDERS` agents: mostly a few named conversations, some a contact's, a few the tenant's. */
function makeGrants(): Grant[] {
  return Array.from({ length: GRANTS }, (_, index) => {
    const roll = random();
    const scope: Grant['scope'] =
      roll < 0.8
        ? { kind: 'conversations', conversationIds: Array.from({ length: 1 + pick(5) }, () => conversationId(pick(CONVERSATIONS))) }
        : roll < 0.97
          ? { kind: 'contact', contactId: contactOf(pick(CONVERSATIONS)) }
          : { kind: 'tenant' };
    return newGrant(
      {
        id: `acr_bench${String(index).padStart(21, '0')}`,
        tenantId: TENANT,
        kind: 'access',
        holder: { id: holderId(index % HOLDERS), kind: 'member', role: 'agent' },
        scope,
        view: random() < 0.5 ? 'redacted' : 'full',
        ticket: `INC-${index}`,
        breakGlass: false,
        durationMinutes: 480,
        rule: 'member-conversations',
        requiredApprovals: [['manager', 'admin', 'owner']],
      },
      'approved',
      new Date(NOW.getTime() - pick(400) * 60_000),
      60,
    );
  });
}

interface Question {
  readonly principal: Principal;
  readonly resource: Resource;
}

function makeQuestions(count: number): Question[] {
  return Array.from({ length: count }, () => {
    const conversation = pick(CONVERSATIONS);
    return {
      principal: { kind: 'member', id: holderId(pick(HOLDERS)), tenantId: TENANT, role: 'agent' },
      resource: { tenantId: TENANT, conversation: { id: conversationId(conversation), contactId: contactOf(conversation), assigneeId: null, teamId: null, status: 'waiting_for_human' } },
    };
  });
}

interface Measured {
  readonly name: string;
  readonly decisions: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly granted: number;
}

/** Percentiles of latencies in microseconds (nearest rank). */
function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function measurePure(name: string, questions: readonly Question[], contextOf: (principal: Principal) => AccessContext): Measured {
  const contexts = questions.map((question) => contextOf(question.principal));
  for (let index = 0; index < Math.min(20_000, questions.length); index++) authorize(questions[index]!.principal, 'conversation.read', questions[index]!.resource, contexts[index]!);
  const latencies = new Float64Array(questions.length);
  let granted = 0;
  for (let index = 0; index < questions.length; index++) {
    const started = process.hrtime.bigint();
    const decision = authorize(questions[index]!.principal, 'conversation.read', questions[index]!.resource, contexts[index]!);
    latencies[index] = Number(process.hrtime.bigint() - started) / 1000;
    if (decision.grant !== null) granted++;
  }
  const started = process.hrtime.bigint();
  for (let index = 0; index < questions.length; index++) authorize(questions[index]!.principal, 'conversation.read', questions[index]!.resource, contexts[index]!);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort();
  return { name, decisions: questions.length, perSecond: questions.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] ?? 0, granted };
}

async function measureSql(grants: readonly Grant[], questions: readonly Question[]): Promise<Measured> {
  const directory = mkdtempSync(join(tmpdir(), 'sealdesk-bench-authorize-'));
  const store = await openStore({ sqlitePath: join(directory, 'bench.db') });
  try {
    await store.db.insertInto('tenants').values({ id: TENANT, name: 'Bench', audit_retention_days: DEFAULT_AUDIT_RETENTION_DAYS, created_at: NOW.toISOString(), region: DEFAULT_REGION }).execute();
    for (let start = 0; start < grants.length; start += 500) {
      await store.db.insertInto('access_grants').values(grants.slice(start, start + 500).map((grant) => grantToRow(grant, 'benchmark', null))).execute();
    }
    const decide = async (question: Question) => {
      const context = await loadAccessContext(store.db, question.principal, TENANT, NOW);
      return authorize(question.principal, 'conversation.read', question.resource, context);
    };
    for (const question of questions.slice(0, 2000)) await decide(question);
    const latencies = new Float64Array(questions.length);
    let granted = 0;
    const began = process.hrtime.bigint();
    for (let index = 0; index < questions.length; index++) {
      const started = process.hrtime.bigint();
      if ((await decide(questions[index]!)).grant !== null) granted++;
      latencies[index] = Number(process.hrtime.bigint() - started) / 1000;
    }
    const seconds = Number(process.hrtime.bigint() - began) / 1e9;
    latencies.sort();
    return {
      name: 'sql: load context from SQLite + authorize',
      decisions: questions.length,
      perSecond: questions.length / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies[latencies.length - 1] ?? 0,
      granted,
    };
  } finally {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

const grants = makeGrants();
const byHolder = new Map<string, Grant[]>();
for (const grant of grants) byHolder.set(grant.holder.id, [...(byHolder.get(grant.holder.id) ?? []), grant]);
const context = (held: readonly Grant[]): AccessContext => ({ now: NOW, policy: DEFAULT_ACCESS_POLICY, grants: held, teamIds: [] });
const questions = makeQuestions(DECISIONS);

const results = [
  measurePure(`own grants (~${Math.round(GRANTS / HOLDERS)} per caller)`, questions, (principal) => context(byHolder.get(principal.id) ?? [])),
  measurePure(`all ${GRANTS} live grants in every context`, questions.slice(0, Math.min(DECISIONS, 50_000)), () => context(grants)),
  await measureSql(grants, makeQuestions(SQL_DECISIONS)),
];

const machine = describeMachine(dirname(dirname(fileURLToPath(import.meta.url))));
const fixed = (value: number, digits = 1) => value.toFixed(digits);
console.log(
  `authorize() with ${GRANTS} live grants over ${HOLDERS} holders, ${CONVERSATIONS} conversations; ` +
    `${machine.cpuModel}, ${machine.nproc} CPUs, Node ${machine.node}, commit ${machine.commit ?? 'unknown'}${machine.workTreeDirty ? ' (dirty)' : ''}\n`,
);
console.log(
  formatTable(
    ['scenario', 'decisions', 'decisions/s', 'p50 µs', 'p99 µs', 'max µs', 'via a grant'],
    results.map((result) => [
      result.name,
      String(result.decisions),
      Math.round(result.perSecond).toLocaleString('en-US'),
      fixed(result.p50, 2),
      fixed(result.p99, 2),
      fixed(result.max),
      `${fixed((100 * result.granted) / result.decisions)}%`,
    ]),
  ),
);
