import { PII_TYPES, type PiiFinding } from './pii-finding.js';

const TYPE_RANK = new Map(PII_TYPES.map((type, index) => [type, index]));
/** Up to this many findings, an insertion sort by start (no allocation but the result) is tried first. */
const MAX_INSERTION_SORTED = 16;

/**
 * Keeps a set of non-overlapping findings, deterministically: higher score first, then the longer
 * span, then the earlier start, then the type's place in PII_TYPES. Each finding is kept when it
 * overlaps none kept before it. The result is sorted by start.
 */
export function resolveOverlaps(findings: readonly PiiFinding[]): PiiFinding[] {
  if (findings.length < 2) return [...findings];
  // Most texts' findings overlap nowhere: then every one is kept, and the ranking needs no sort.
  if (findings.length <= MAX_INSERTION_SORTED) {
    const byStart = sortedByStart(findings);
    if (disjointWithDistinctStarts(byStart)) return byStart;
  }
  const ranked = [...findings].sort(
    (a, b) =>
      b.score - a.score ||
      b.end - b.start - (a.end - a.start) ||
      a.start - b.start ||
      TYPE_RANK.get(a.type)! - TYPE_RANK.get(b.type)!,
  );
  const kept: PiiFinding[] = [];
  for (const finding of ranked) {
    if (kept.every((k) => finding.end <= k.start || k.end <= finding.start)) kept.push(finding);
  }
  return kept.sort((a, b) => a.start - b.start);
}

function sortedByStart(findings: readonly PiiFinding[]): PiiFinding[] {
  const sorted = [...findings];
  for (let i = 1; i < sorted.length; i++) {
    const finding = sorted[i]!;
    let j = i - 1;
    for (; j >= 0 && sorted[j]!.start > finding.start; j--) sorted[j + 1] = sorted[j]!;
    sorted[j + 1] = finding;
  }
  return sorted;
}

/**
 * Whether no two findings overlap (as resolveOverlaps tests it) and no two start together, so
 * that every one would be kept and the order by start is the only one. `sorted` is by start.
 */
function disjointWithDistinctStarts(sorted: readonly PiiFinding[]): boolean {
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1]!;
    const finding = sorted[i]!;
    if (previous.start === finding.start || previous.end > finding.start) return false;
  }
  return true;
}
