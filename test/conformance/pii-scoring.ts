import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CountryCode } from 'libphonenumber-js/max';
import { DEFAULT_PHONE_REGIONS, createPiiDetector, type PiiDetector, type PiiFinding, type PiiType } from '../../src/privacy/index.js';

/**
 * Scoring of the detector against the PII cases in `<conformanceDir>/pii/`: Presidio's unit-test
 * cases, its end-to-end demo, and presidio-research's synthetic records. Shared by the
 * conformance suite and `bench/pii-conformance-report.ts` (which prints the tables in
 * docs/privacy.md).
 */

/** Presidio's entity names mapped to ours; entities not listed here are not scored. */
export const PRESIDIO_TO_SEALDESK: Readonly<Record<string, PiiType>> = {
  EMAIL_ADDRESS: 'EMAIL',
  PHONE_NUMBER: 'PHONE',
  CREDIT_CARD: 'CREDIT_CARD',
  IBAN_CODE: 'IBAN',
  US_SSN: 'US_SSN',
  IP_ADDRESS: 'IP_ADDRESS',
  URL: 'URL',
  DOMAIN_NAME: 'URL',
  CRYPTO: 'CRYPTO',
  UK_NINO: 'UK_NINO',
  US_PASSPORT: 'PASSPORT',
  PERSON: 'PERSON',
  GPE: 'LOCATION',
  LOCATION: 'LOCATION',
  ORGANIZATION: 'ORGANIZATION',
  STREET_ADDRESS: 'STREET_ADDRESS',
};

/** The structured entities the issue holds to ≥ 95 % precision and recall. */
export const STRUCTURED: readonly PiiType[] = ['EMAIL', 'PHONE', 'CREDIT_CARD', 'IBAN', 'US_SSN', 'IP_ADDRESS', 'URL', 'CRYPTO'];

export interface Tally {
  tp: number;
  fp: number;
  fn: number;
  /** True positives whose span is exactly the expected one. */
  exact: number;
}

export type Tallies = Map<PiiType, Tally>;

export const precision = (t: Tally): number => (t.tp + t.fp === 0 ? 1 : t.tp / (t.tp + t.fp));
export const recall = (t: Tally): number => (t.tp + t.fn === 0 ? 1 : t.tp / (t.tp + t.fn));

interface PresidioCase {
  entity: string;
  text: string;
  expected: [number, number][];
  expected_count: number;
  spans_complete: boolean;
  kind: string;
  test: string;
  line: number;
  params?: { leniency?: number };
}

interface SynthRecord {
  id: number;
  text: string;
  spans: { start: number; end: number; entity: string }[];
}

type Span = readonly [number, number];

const overlaps = (a: Span, b: Span): boolean => a[0] < b[1] && b[0] < a[1];

/**
 * Matches predicted to expected spans one-to-one: a prediction counts when it overlaps an
 * expected span not already matched. Spans are compared as sorted lists, as the data's README asks.
 */
export function tallySpans(tally: Tally, expected: readonly Span[], predicted: readonly Span[], expectedCount = expected.length): void {
  if (expected.length < expectedCount) {
    // Upstream checks only the count here (spans_complete: false): compare counts.
    tally.tp += Math.min(predicted.length, expectedCount);
    tally.fp += Math.max(0, predicted.length - expectedCount);
    tally.fn += Math.max(0, expectedCount - predicted.length);
    return;
  }
  const used = new Set<number>();
  for (const p of [...predicted].sort((a, b) => a[0] - b[0])) {
    const index = expected.findIndex((e, i) => !used.has(i) && overlaps(e, p));
    if (index < 0) {
      tally.fp++;
      continue;
    }
    used.add(index);
    tally.tp++;
    if (expected[index]![0] === p[0] && expected[index]![1] === p[1]) tally.exact++;
  }
  tally.fn += expected.length - used.size;
}

function tallyFor(tallies: Tallies, type: PiiType): Tally {
  let tally = tallies.get(type);
  if (tally === undefined) {
    tally = { tp: 0, fp: 0, fn: 0, exact: 0 };
    tallies.set(type, tally);
  }
  return tally;
}

function readJsonLines<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

/**
 * Which Presidio cases we score: mapped entities, and of the phone cases only those at Presidio's
 * default leniency (1, "VALID"), the one level we implement. Returns the skipped count too.
 */
export function loadPresidioCases(dir: string): { cases: PresidioCase[]; skipped: number } {
  const all = readJsonLines<PresidioCase>(path.join(dir, 'pii', 'pii_presidio_cases.jsonl'));
  const cases = all.filter((c) => PRESIDIO_TO_SEALDESK[c.entity] !== undefined && (c.params?.leniency ?? 1) === 1);
  return { cases, skipped: all.length - cases.length };
}

/**
 * Upstream's phone test that adds Japan and China to the default regions is run with the same
 * configuration; every other case uses our defaults.
 */
function detectorFor(testCase: PresidioCase, detectors: { plain: PiiDetector; jpcn: PiiDetector }): PiiDetector {
  return testCase.test === 'test_when_all_phones_then_succeed' ? detectors.jpcn : detectors.plain;
}

/** Per-type tallies on Presidio's unit-test cases: only findings of the case's entity count. */
export function scorePresidioCases(dir: string, options: { kinds?: readonly string[] } = {}): Tallies {
  const detectors = {
    plain: createPiiDetector(),
    jpcn: createPiiDetector({ phoneRegions: [...DEFAULT_PHONE_REGIONS, 'JP', 'CN'] as CountryCode[] }),
  };
  const tallies: Tallies = new Map();
  for (const c of loadPresidioCases(dir).cases) {
    if (options.kinds !== undefined && !options.kinds.includes(c.kind)) continue;
    const type = PRESIDIO_TO_SEALDESK[c.entity]!;
    const findings = detectorFor(c, detectors).detect(c.text).filter((f) => f.type === type);
    tallySpans(tallyFor(tallies, type), c.expected, spansOf(findings), c.expected_count);
  }
  return tallies;
}

/** The presidio-research synthetic records: every labelled span of a mapped entity is scored. */
export function scoreSynthetic(dir: string, detector: PiiDetector = createPiiDetector()): Tallies {
  const tallies: Tallies = new Map();
  for (const record of readJsonLines<SynthRecord>(path.join(dir, 'pii', 'presidio_research_synth_v2.jsonl'))) {
    scoreLabelled(tallies, record.text, record.spans, detector.detect(record.text));
  }
  return tallies;
}

/** Presidio's end-to-end demo text with its 17 labelled spans. */
export function scoreE2eDemo(dir: string, detector: PiiDetector = createPiiDetector()): Tallies {
  const demo = JSON.parse(readFileSync(path.join(dir, 'pii', 'presidio_e2e_demo_spans.json'), 'utf8')) as {
    text: string;
    spans: { start: number; end: number; entity: string }[];
  };
  const tallies: Tallies = new Map();
  scoreLabelled(tallies, demo.text, demo.spans, detector.detect(demo.text));
  return tallies;
}

function scoreLabelled(tallies: Tallies, _text: string, spans: readonly { start: number; end: number; entity: string }[], findings: readonly PiiFinding[]): void {
  const types = new Set<PiiType>([...Object.values(PRESIDIO_TO_SEALDESK)]);
  for (const type of types) {
    const expected = spans.filter((s) => PRESIDIO_TO_SEALDESK[s.entity] === type).map((s) => [s.start, s.end] as const);
    const predicted = spansOf(findings.filter((f) => f.type === type));
    if (expected.length === 0 && predicted.length === 0) continue;
    tallySpans(tallyFor(tallies, type), expected, predicted);
  }
}

function spansOf(findings: readonly PiiFinding[]): Span[] {
  return findings.map((f) => [f.start, f.end] as const);
}

/** A Markdown table: entity, expected, TP, FP, FN, precision, recall, exact-span share. */
export function formatTallies(tallies: Tallies): string {
  const rows = [...tallies.entries()].sort(([a], [b]) => a.localeCompare(b));
  const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
  return [
    '| entity | expected | TP | FP | FN | precision | recall | exact spans |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(([type, t]) => `| ${type} | ${t.tp + t.fn} | ${t.tp} | ${t.fp} | ${t.fn} | ${pct(precision(t))} | ${pct(recall(t))} | ${t.tp === 0 ? '–' : pct(t.exact / t.tp)} |`),
  ].join('\n');
}
