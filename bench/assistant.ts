/**
 * Assistant benchmark: the offline answerer over a generated 10,000-article knowledge base. See
 * docs/benchmarks.md ("Assistant") for what it measures and the latest figures.
 *
 *   node --expose-gc --import tsx bench/assistant.ts [--articles 10000] [--questions 2000] [--seed 1]
 *
 * - ingest: `createKbArticle` one article at a time (seal title and body, audit append, insert)
 *   into a scratch SQLite installation, as the API and `kb ingest` do;
 * - index build: load and decrypt every article, chunk along headings, build the BM25 index;
 *   the heap it adds (after a forced GC, hence `--expose-gc`);
 * - answers: `answerQuestion` on questions drawn from the articles' own sentences (answerable)
 *   and from words the KB never uses (handed over), timed one by one;
 * - article updates: `updateKbArticleContent` on 100 articles of the built index, timed until
 *   the index holds the new text (seal + audit + update + the in-place index update).
 * Articles are generated from a fixed vocabulary with a seeded PRNG, so runs are comparable.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { answerQuestion, createKbArticle, createScratchInstallation, KbIndexes, updateKbArticleContent } from '../src/assistant/index.js';
import { newId, systemClock, type RequestContext } from '../src/common/index.js';
import { formatTable } from './lib/format-table.js';
import { describeMachine } from './lib/machine.js';

const { values } = parseArgs({
  options: { articles: { type: 'string', default: '10000' }, questions: { type: 'string', default: '2000' }, seed: { type: 'string', default: '1' } },
});
const ARTICLES = Number(values.articles);
const QUESTIONS = Number(values.questions);
let state = Number(values.seed) >>> 0 || 1;

/** xorshift32: deterministic and fast enough to generate the corpus. */
function random(): number {
  state ^= state << 13;
  state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5;
  state >>>= 0;
  return state / 2 ** 32;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const NOUNS = 'board card list label filter reminder workspace member guest invite export import report calendar feed token webhook rule trigger action attachment preview theme background shortcut search archive trash checklist comment mention digest timeline sprint project milestone template folder tag owner admin device session backup'.split(' ');
const VERBS = 'open select choose create rename archive restore move copy export import share mute pin sort filter assign schedule repeat sync enable disable connect reset review approve'.split(' ');
const PLACES = 'Settings Profile Board menu Card menu Sidebar Workspace page Help menu Developer page'.split(' ');
/** Product names, so that articles differ in rare terms as real ones do. */
const rareTerm = (n: number) => `feature${n.toString(36)}`;

function sentence(topic: string): string {
  return `${pick(VERBS)[0]!.toUpperCase()}${pick(VERBS).slice(1)} the ${topic} ${pick(NOUNS)} from ${pick(PLACES)} to ${pick(VERBS)} its ${pick(NOUNS)} and ${pick(NOUNS)}.`;
}

function article(n: number): { title: string; body: string; sentences: string[] } {
  const topic = rareTerm(n);
  const title = `${pick(NOUNS)} ${topic} ${pick(NOUNS)}`;
  const sentences: string[] = [];
  const sections = [1, 2, 3].map((section) => {
    const lines = Array.from({ length: 4 }, () => sentence(topic));
    sentences.push(...lines);
    return `## ${pick(VERBS)} ${pick(NOUNS)} ${section}\n\n${lines.join(' ')}\n\n1. ${sentence(topic)}\n2. ${sentence(topic)}`;
  });
  return { title, body: `# ${title}\n\n${sections.join('\n\n')}\n`, sentences };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

const gc = (globalThis as { gc?: () => void }).gc;
const scratch = await createScratchInstallation(systemClock);
try {
  const { installation, tenantId } = scratch;
  const indexes = new KbIndexes({ db: installation.store.db, keyRing: installation.keyRing });
  const deps = { db: installation.store.db, keyRing: installation.keyRing, audit: installation.audit, clock: systemClock, indexes };
  const principal = { kind: 'system', id: 'system', job: 'bench' } as const;
  const context: RequestContext = { requestId: newId('request'), channel: 'cli' };

  const generated = Array.from({ length: ARTICLES }, (_, n) => article(n));
  const ingestStart = performance.now();
  const ids: string[] = [];
  for (const item of generated) ids.push((await createKbArticle(deps, principal, context, tenantId, { title: item.title, format: 'markdown', body: item.body })).id);
  const ingestSeconds = (performance.now() - ingestStart) / 1000;

  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const buildStart = performance.now();
  const index = await indexes.forTenant(tenantId);
  const buildSeconds = (performance.now() - buildStart) / 1000;
  gc?.();
  const indexMiB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;

  const questions = Array.from({ length: QUESTIONS }, (_, n) => {
    if (n % 4 === 3) return `Can I use the ${pick(['quasar', 'zeppelin', 'harpsichord', 'tundra'])} ${pick(['orbit', 'lantern', 'walrus'])} mode?`;
    const words = pick(pick(generated).sentences).replace(/[.]/g, '').split(' ');
    return `How do I ${words.slice(0, 6).join(' ').toLowerCase()}?`;
  });
  const latencies: number[] = [];
  let answered = 0;
  for (const question of questions) {
    const start = process.hrtime.bigint();
    const reply = answerQuestion(index, question);
    latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (!reply.handoff) answered++;
  }
  latencies.sort((a, b) => a - b);

  const UPDATES = Math.min(100, ARTICLES);
  const updateLatencies: number[] = [];
  for (let n = 0; n < UPDATES; n++) {
    const replacement = article(ARTICLES + n);
    const start = process.hrtime.bigint();
    await updateKbArticleContent(deps, principal, context, tenantId, ids[n] as string, { title: replacement.title, format: 'markdown', body: replacement.body });
    if ((await indexes.forTenant(tenantId)) !== index) throw new Error('the index was rebuilt, not updated');
    updateLatencies.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  updateLatencies.sort((a, b) => a - b);

  const machine = describeMachine(join(dirname(fileURLToPath(import.meta.url)), '..'));
  process.stdout.write(`${machine.cpuModel}, ${machine.nproc} CPUs, Node ${machine.node}, SQLite scratch installation\n\n`);
  process.stdout.write(
    `${formatTable(
      ['measure', 'value'],
      [
        ['articles (passages)', `${ARTICLES} (${index.size})`],
        ['ingest (seal + audit + insert), articles/s', (ARTICLES / ingestSeconds).toFixed(0)],
        ['index build (decrypt + chunk + BM25), s', buildSeconds.toFixed(2)],
        ['index heap, MiB', gc ? indexMiB.toFixed(1) : 'run with --expose-gc'],
        ['answers timed (answered)', `${QUESTIONS} (${answered})`],
        ['answer p50, ms', percentile(latencies, 50).toFixed(2)],
        ['answer p95, ms', percentile(latencies, 95).toFixed(2)],
        ['answer max, ms', (latencies.at(-1) ?? 0).toFixed(2)],
        [`article update into the built index (${UPDATES}), p50 ms`, percentile(updateLatencies, 50).toFixed(2)],
        ['article update, max ms', (updateLatencies.at(-1) ?? 0).toFixed(2)],
      ],
    )}\n`,
  );
} finally {
  await scratch.close();
}
