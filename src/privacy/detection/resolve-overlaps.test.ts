import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PII_TYPES, type PiiFinding } from './pii-finding.js';
import { resolveOverlaps } from './resolve-overlaps.js';

/** The rule as documented, with no shortcut: rank, keep what overlaps nothing kept, sort by start. */
function reference(findings: readonly PiiFinding[]): PiiFinding[] {
  const rank = (f: PiiFinding): number => PII_TYPES.indexOf(f.type);
  const ranked = [...findings].sort((a, b) => b.score - a.score || b.end - b.start - (a.end - a.start) || a.start - b.start || rank(a) - rank(b));
  const kept: PiiFinding[] = [];
  for (const f of ranked) if (kept.every((k) => f.end <= k.start || k.end <= f.start)) kept.push(f);
  return kept.sort((a, b) => a.start - b.start);
}

const finding = fc
  .record({ type: fc.constantFrom(...PII_TYPES), start: fc.integer({ min: 0, max: 60 }), length: fc.integer({ min: 0, max: 12 }), score: fc.constantFrom(0.5, 0.6, 0.85, 1) })
  .map(({ type, start, length, score }): PiiFinding => ({ type, start, end: start + length, score, validator: 'shape' }));

describe('resolveOverlaps', () => {
  it('keeps what the documented rule keeps, in the same order, overlapping or not', () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(finding, { maxLength: 20 }), fc.uniqueArray(finding, { maxLength: 8, selector: (f) => f.start })), (findings) => {
        expect(resolveOverlaps(findings)).toEqual(reference(findings));
      }),
      { numRuns: 3000 },
    );
  });
});
