import type { PiiFinding } from '../pii-finding.js';
import type { Recognizer } from '../recognizer.js';
import { hasContext } from './context.js';

const PREFILTER = /[A-Za-z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-Da-d]/;
const CANDIDATE = /(?<![A-Za-z0-9])([A-Za-z]{2}) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-Da-d])(?![A-Za-z0-9])/g;
const CONTEXT = /\b(?:nino|national insurance|\bni\b|insurance number)/i;
const BAD_FIRST = new Set('DFIQUV');
const BAD_SECOND = new Set('DFIOQUV');
const BAD_PREFIXES = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);

/**
 * UK National Insurance numbers: two prefix letters, six digits, a suffix A–D (HMRC National
 * Insurance Manual NIM39110: first letter not D, F, I, Q, U, V; second not D, F, I, O, Q, U, V;
 * not BG, GB, KN, NK, NT, TN, ZZ).
 */
export function ukNinoRecognizer(): Recognizer {
  return {
    name: 'uk-nino',
    types: ['UK_NINO'],
    applies: (p) => p.groupedDigits >= 6,
    scan(text: string, out: PiiFinding[]): void {
      if (!PREFILTER.test(text)) return;
      CANDIDATE.lastIndex = 0;
      for (let match = CANDIDATE.exec(text); match !== null; match = CANDIDATE.exec(text)) {
        const prefix = match[1]!.toUpperCase();
        if (BAD_FIRST.has(prefix[0]!) || BAD_SECOND.has(prefix[1]!) || BAD_PREFIXES.has(prefix)) continue;
        const context = hasContext(text, match.index, CONTEXT);
        out.push({ type: 'UK_NINO', start: match.index, end: match.index + match[0].length, score: context ? 0.95 : 0.8, validator: 'nino-prefixes' });
      }
    },
  };
}
