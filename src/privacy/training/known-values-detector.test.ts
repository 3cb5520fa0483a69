import { describe, expect, it } from 'vitest';
import type { PiiDetector, PiiFinding } from '../detection/index.js';
import { withKnownValues } from './known-values-detector.js';

/** A detector that finds exactly the spans it is given, whatever the text. */
const finding = (start: number, end: number, type: PiiFinding['type'] = 'PERSON'): PiiFinding => ({ type, start, end, score: 0.6, validator: 'cue' });
const fixed = (findings: PiiFinding[]): PiiDetector => ({ detect: () => findings });
const spans = (detector: PiiDetector, text: string) => detector.detect(text).map((f) => [text.slice(f.start, f.end), f.type, f.validator]);

describe('a detector with known values', () => {
  it('finds the contact\'s name, and each word of it, in any case, never inside a longer word', () => {
    const detector = withKnownValues(fixed([]), [{ type: 'PERSON', value: 'Jane Roe' }]);
    expect(spans(detector, 'JANE ROE here; jane wrote, Roe too. Janet and Roebuck are others.')).toEqual([
      ['JANE ROE', 'PERSON', 'known-value'],
      ['jane', 'PERSON', 'known-value'],
      ['Roe', 'PERSON', 'known-value'],
    ]);
  });

  it('finds an e-mail address written with other case, with regex characters taken literally', () => {
    const detector = withKnownValues(fixed([]), [{ type: 'EMAIL', value: 'a.b+c@x.test' }]);
    expect(spans(detector, 'to A.B+C@X.TEST, not aXb+c@x.test')).toEqual([['A.B+C@X.TEST', 'EMAIL', 'known-value']]);
  });

  it('only widens what the detector found: overlapping findings become one covering both', () => {
    const text = 'Dear Jane Roe-Smith,';
    const detector = withKnownValues(fixed([finding(5, 19)]), [{ type: 'PERSON', value: 'Jane' }]);
    expect(spans(detector, text)).toEqual([['Jane Roe-Smith', 'PERSON', 'cue']]);
    const wider = withKnownValues(fixed([finding(10, 13)]), [{ type: 'PERSON', value: 'Jane Roe' }]);
    expect(spans(wider, text)).toEqual([['Jane Roe', 'PERSON', 'known-value']]);
  });

  it('is the detector itself when nothing known occurs, or nothing is known', () => {
    const found = [finding(0, 3)];
    expect(withKnownValues(fixed(found), [{ type: 'PERSON', value: 'Jane' }]).detect('Bob')).toBe(found);
    expect(withKnownValues(fixed(found), [{ type: 'PERSON', value: '  ' }]).detect('Bob')).toBe(found);
  });
});
