/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`) of the Sealdesk server by area: where
 * the main thread's samples fall — TLS and sockets, HTTP, Fastify, JSON and zod, logging, auth,
 * audit, AES-GCM, Kysely and SQLite (COMMIT, i.e. the WAL fsync, apart), garbage collection, idle.
 *
 * V8 samples the main thread on a timer, so a synchronous system call (better-sqlite3's fsync at
 * COMMIT) counts as time in the JS function that made it. A sample in a native frame (empty URL,
 * e.g. `run`, `digest`, `JSON.parse`) is charged to the nearest caller with a URL, Node's
 * internal plumbing is looked through, and `(program)` is native work outside any JS frame
 * (largely TLS record decryption and the event loop's own work).
 *
 *   node --import tsx bench/summarise-cpu-profile.ts FILE.cpuprofile
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

export interface ProfileSummary {
  readonly file: string;
  /** Only samples inside this window (monotonic µs, as `process.hrtime`) were counted, when given. */
  readonly window: { readonly startMicros: number; readonly endMicros: number } | null;
  readonly totalMs: number;
  /** Share of sampled time by area, busiest first; `percentOfBusy` leaves idle out. */
  readonly areas: readonly { readonly area: string; readonly ms: number; readonly percent: number; readonly percentOfBusy: number | null }[];
  /** The functions with the most self time (natives named as such), busiest first. */
  readonly topFunctions: readonly { readonly name: string; readonly area: string; readonly ms: number; readonly percent: number }[];
}

const IDLE = 'idle (event loop waiting for I/O)';

/** Areas by URL, first match wins; `null` means "look through to the caller". */
const URL_AREAS: readonly (readonly [RegExp, string | null])[] = [
  [/\/better-sqlite3\//, 'SQLite statements (better-sqlite3)'],
  [/\/kysely\/.*\/sqlite-driver\.js$/, 'SQLite statements (better-sqlite3)'],
  [/\/kysely\//, 'Kysely (query building, compiling, transactions)'],
  [/\/zod\//, 'zod validation'],
  [/\/(secure-json-parse|fast-json-stringify)\//, 'JSON parse/serialise'],
  [/\/fastify\/lib\/(contentTypeParser|content-type-parser)\.js$/, 'JSON parse/serialise'],
  [/\/(pino|sonic-boom|pino-std-serializers|fast-redact|@pinojs|thread-stream|quick-format-unescaped|fast-safe-stringify)\//, 'logging (pino)'],
  [/\/(fastify|find-my-way|avvio|fast-querystring|fast-uri|light-my-request|toad-cache|@fastify|abstract-logging|process-warning|rfdc|fast-decode-uri-component)\//, 'Fastify (routing, hooks, reply)'],
  [/\/dist\/access\//, 'Sealdesk auth (key parse, SHA-256, principal)'],
  [/\/dist\/audit\/|\/canonicalize\//, 'Sealdesk audit (event, canonical JSON, Merkle hashing)'],
  [/\/dist\/crypto\//, 'Sealdesk crypto (AES-256-GCM seal, keys)'],
  [/\/dist\/server\//, 'Sealdesk server (pipeline, hooks, errors)'],
  [/\/dist\//, 'Sealdesk domain (conversations, store, ids)'],
  [/^node:(_tls_wrap|tls|internal\/tls)/, 'TLS and sockets (JS side, incl. encrypting writes)'],
  [/^node:(net|internal\/stream_base_commons|internal\/net|stream|internal\/streams)/, 'TLS and sockets (JS side, incl. encrypting writes)'],
  [/^node:(_http_|internal\/http)/, 'Node HTTP (parser, server, response)'],
  [/^node:internal\/(crypto|buffer|util|validators|errors|webidl)|^node:(buffer|util|crypto)$|^$/, null],
  [/^node:internal\/(async_hooks|process|timers)|^node:(events|timers)$/, 'Node event loop plumbing (microtasks, timers, events)'],
];

export function summariseCpuProfile(file: string, window?: { readonly startMicros: number; readonly endMicros: number }): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

  const areaOf = new Map<number, string>();
  const classify = (leafId: number): string => {
    const cached = areaOf.get(leafId);
    if (cached !== undefined) return cached;
    const area = classifyStack(stackOf(leafId, byId, parentOf));
    areaOf.set(leafId, area);
    return area;
  };

  const areaMs = new Map<string, number>();
  const functionMs = new Map<string, { area: string; ms: number }>();
  let totalMs = 0;
  let at = profile.startTime;
  profile.samples.forEach((nodeId, index) => {
    at += profile.timeDeltas[index] ?? 0;
    const ms = (profile.timeDeltas[index + 1] ?? profile.timeDeltas[index] ?? 0) / 1000;
    const node = byId.get(nodeId);
    if (!node || (window && (at < window.startMicros || at > window.endMicros))) return;
    totalMs += ms;
    const area = classify(nodeId);
    areaMs.set(area, (areaMs.get(area) ?? 0) + ms);
    const name = functionLabel(node.callFrame);
    const entry = functionMs.get(name) ?? { area, ms: 0 };
    entry.ms += ms;
    functionMs.set(name, entry);
  });

  const idleMs = areaMs.get(IDLE) ?? 0;
  const share = (ms: number, of: number) => Math.round((ms / of) * 1000) / 10;
  return {
    file,
    window: window ?? null,
    totalMs: Math.round(totalMs),
    areas: [...areaMs]
      .sort((a, b) => b[1] - a[1])
      .map(([area, ms]) => ({
        area,
        ms: Math.round(ms),
        percent: share(ms, totalMs),
        percentOfBusy: area === IDLE || totalMs === idleMs ? null : share(ms, totalMs - idleMs),
      })),
    topFunctions: [...functionMs]
      .filter(([name]) => name !== '(idle)')
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, 15)
      .map(([name, { area, ms }]) => ({ name, area, ms: Math.round(ms), percent: share(ms, totalMs) })),
  };
}

function stackOf(leafId: number, byId: Map<number, ProfileNode>, parentOf: Map<number, number>): CallFrame[] {
  const frames: CallFrame[] = [];
  for (let id: number | undefined = leafId; id !== undefined; id = parentOf.get(id)) {
    const node = byId.get(id);
    if (node) frames.push(node.callFrame);
  }
  return frames;
}

/** `frames` runs from the sampled frame to the root. */
function classifyStack(frames: readonly CallFrame[]): string {
  const leaf = frames[0];
  if (!leaf) return 'other';
  if (leaf.functionName === '(idle)') return IDLE;
  if (leaf.functionName === '(garbage collector)') return 'garbage collection';
  if (leaf.functionName === '(program)') return 'native, outside JS (TLS record decryption, event loop)';
  if (frames.some((frame) => frame.functionName === 'commitTransaction' && frame.url.includes('/kysely/'))) {
    return 'SQLite COMMIT (WAL append + fsync, synchronous=FULL)';
  }
  if (frames.some((frame) => frame.functionName === 'prepare' && (frame.url === '' || frame.url.includes('/better-sqlite3/')))) {
    return 'SQLite prepare (a statement per query, no cache)';
  }
  for (const frame of frames) {
    const rule = URL_AREAS.find(([pattern]) => pattern.test(frame.url));
    if (rule === undefined) return `other (${shortUrl(frame.url)})`;
    if (rule[1] !== null) return rule[1];
  }
  return 'other (native, no JS caller)';
}

function functionLabel(frame: CallFrame): string {
  const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
  return frame.url === '' ? `${name} [native]` : `${name} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('/node_modules/');
  if (modules !== -1) return url.slice(modules + '/node_modules/'.length);
  const dist = url.lastIndexOf('/dist/');
  if (dist !== -1) return url.slice(dist + 1);
  return url.replace(/^file:\/\//, '');
}

/** Areas below this share of the samples are folded into one line when printed. */
const SMALL_AREA_PERCENT = 0.3;

export function formatProfileSummary(summary: ProfileSummary): string {
  const small = summary.areas.filter((each) => each.percent < SMALL_AREA_PERCENT);
  const areas = summary.areas.filter((each) => each.percent >= SMALL_AREA_PERCENT).map(
    (each) =>
      `  ${each.percent.toFixed(1).padStart(5)} %  ${each.percentOfBusy === null ? '        ' : `(${each.percentOfBusy.toFixed(1).padStart(4)} %)`}  ${each.area}`,
  );
  const functions = summary.topFunctions.map((each) => `  ${each.percent.toFixed(1).padStart(5)} %  ${each.name}  — ${each.area}`);
  const scope = summary.window ? 'during the measured window' : 'over the whole profile';
  return [
    `  share of ${(summary.totalMs / 1000).toFixed(1)} s sampled on the main thread ${scope} (in brackets: share of the non-idle time), by area:`,
    ...areas,
    ...(small.length > 0
      ? [`  ${small.reduce((sum, each) => sum + each.percent, 0).toFixed(1).padStart(5)} %            ${small.length} smaller areas (each < ${SMALL_AREA_PERCENT} %)`]
      : []),
    '  top self time by function:',
    ...functions,
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (file === undefined) {
    process.stderr.write('usage: node --import tsx bench/summarise-cpu-profile.ts FILE.cpuprofile\n');
    process.exit(2);
  }
  process.stdout.write(`${formatProfileSummary(summariseCpuProfile(file))}\n`);
}
