import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shannonEntropy } from './entropy.js';

/** The textbook form: counts in a Map, summed in the Map's (first-occurrence) order. */
function reference(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < text.length; i++) counts.set(text.charCodeAt(i), (counts.get(text.charCodeAt(i)) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) bits -= (count / text.length) * Math.log2(count / text.length);
  return bits;
}

describe('shannonEntropy', () => {
  it('equals the Map-based computation to the last bit, call after call', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.stringMatching(/^[A-Za-z0-9_+/=-]{20,60}$/)), { maxLength: 4 }), (texts) => {
        for (const text of texts) expect(Object.is(shannonEntropy(text), reference(text))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
