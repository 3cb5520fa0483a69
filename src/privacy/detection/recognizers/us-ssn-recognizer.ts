import type { PiiFinding } from '../pii-finding.js';
import type { Recognizer } from '../recognizer.js';
import { hasContext } from './context.js';

/** Cheap necessary condition, tested before the capturing scan. */
const PREFILTER = /\d{3}[- .]?\d{2}[- .]?\d{4}/;
const CANDIDATE = /(?<![\w.-])(\d{3})([- .]?)(\d{2})([- .]?)(\d{4})(?![\w-]|\.\d)/g;
const CONTEXT = /\b(?:ssn|ssns|social security|social sec|ss#|ss #|taxpayer)\b/i;
/** Numbers the SSA never issued or that were published (the Woolworth wallet card, ads). */
const PUBLISHED = new Set(['078051120', '219099999', '123456789']);

/**
 * US Social Security numbers, 3-2-4 digits with spaces, dashes, dots or nothing between (the two
 * separators, when both present, must agree). Never-issued ranges are refused: area 000, 666 and
 * 900–999, group 00, serial 0000, one repeated digit, and published numbers (SSA, "Social
 * Security Number Randomization", 2011). A bare nine-digit run scores low unless a keyword is near.
 */
export function usSsnRecognizer(): Recognizer {
  return {
    name: 'us-ssn',
    types: ['US_SSN'],
    applies: (p) => p.groupedDigits >= 9,
    scan(text: string, out: PiiFinding[]): void {
      if (!PREFILTER.test(text)) return;
      CANDIDATE.lastIndex = 0;
      for (let match = CANDIDATE.exec(text); match !== null; match = CANDIDATE.exec(text)) {
        const [, area, sep1, group, sep2, serial] = match as unknown as [string, string, string, string, string, string];
        if (sep1 !== '' && sep2 !== '' && sep1 !== sep2) continue;
        const digits = area + group + serial;
        if (!isIssuableSsn(digits)) continue;
        const separated = sep1 !== '' && sep2 !== '';
        const context = hasContext(text, match.index, CONTEXT);
        const score = (separated ? 0.85 : sep1 !== '' || sep2 !== '' ? 0.65 : 0.55) + (context ? 0.15 : 0);
        out.push({ type: 'US_SSN', start: match.index, end: match.index + match[0].length, score, validator: context ? 'context' : 'ssn-ranges' });
      }
    },
  };
}

export function isIssuableSsn(digits: string): boolean {
  const area = Number(digits.slice(0, 3));
  if (area === 0 || area === 666 || area >= 900) return false;
  if (digits.slice(3, 5) === '00' || digits.slice(5) === '0000') return false;
  if (/^(\d)\1{8}$/.test(digits)) return false;
  return !PUBLISHED.has(digits);
}
