import type { PiiFinding } from '../pii-finding.js';
import type { Recognizer } from '../recognizer.js';
import { hasIbanStructure, ibanLength } from '../validators/iban-formats.js';
import { passesIbanMod97 } from '../validators/mod97.js';

/** Country + check digits, then groups of four (single spaces, dashes or none) and a short last group. */
const CANDIDATE = /(?<![A-Za-z0-9])[A-Za-z]{2}[0-9]{2}(?:[ -]?[A-Za-z0-9]{4}){1,8}(?:[ -]?[A-Za-z0-9]{1,4})?(?![A-Za-z0-9])/g;

/** IBANs: country length and BBAN structure, then the MOD 97-10 checksum (ISO 13616). */
export function ibanRecognizer(): Recognizer {
  return {
    name: 'iban',
    types: ['IBAN'],
    // Two letters and two digits (the profile's lettersThenDigits) are how every IBAN starts.
    applies: (p) => p.lettersThenDigits && p.digits >= 8 && p.longestToken >= 4,
    scan(text: string, out: PiiFinding[]): void {
      CANDIDATE.lastIndex = 0;
      for (let match = CANDIDATE.exec(text); match !== null; match = CANDIDATE.exec(text)) {
        const found = validPrefix(match[0]);
        if (found !== undefined) out.push({ type: 'IBAN', start: match.index, end: match.index + found.end, score: found.score, validator: 'mod97' });
      }
    },
  };
}

/**
 * The candidate may run into a following upper-case word ("… 0130 00 OK"): drop whole trailing
 * space-separated groups until the compact form has the country's length. Returns the valid
 * prefix's length and score, or undefined.
 */
function validPrefix(candidate: string): { end: number; score: number } | undefined {
  const length = ibanLength(candidate.slice(0, 2).toUpperCase());
  if (length === undefined) return undefined;
  let end = candidate.length;
  for (;;) {
    const compact = candidate.slice(0, end).replace(/[ -]/g, '');
    if (compact.length === length) {
      // All upper case, or all lower case (typed casually); mixed case is refused ("LV80 bANK …").
      const lower = compact === compact.toLowerCase();
      if (!lower && compact !== compact.toUpperCase()) return undefined;
      const upper = compact.toUpperCase();
      return hasIbanStructure(upper) && passesIbanMod97(upper) ? { end, score: lower ? 0.9 : 1 } : undefined;
    }
    if (compact.length < length) return undefined;
    const space = Math.max(candidate.lastIndexOf(' ', end - 1), candidate.lastIndexOf('-', end - 1));
    if (space < 4) return undefined;
    end = space;
  }
}
