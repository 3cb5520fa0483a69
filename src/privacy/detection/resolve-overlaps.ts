import { PII_TYPES, type PiiFinding } from './pii-finding.js';

const TYPE_RANK = new Map(PII_TYPES.map((type, index) => [type, index]));

/**
 * Keeps a set of non-overlapping findings, deterministically: higher score first, then the longer
 * span, then the earlier start, then the type's place in PII_TYPES. Each finding is kept when it
 * overlaps none kept before it. The result is sorted by start.
 */
export function resolveOverlaps(findings: readonly PiiFinding[]): PiiFinding[] {
  if (findings.length < 2) return [...findings];
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
