import type { PiiFinding } from '../pii-finding.js';
import type { Recognizer } from '../recognizer.js';

const KEYWORD = /\b(?:passport|travel document|passeport|reisepass|pasaporte|passaporto)\b/gi;
/** 6–9 letters and digits holding at least five digits, the shape most passports share. */
const NUMBER = /(?<![A-Za-z0-9])(?=[A-Z]{0,3}\d{5})[A-Z0-9]{6,9}(?![A-Za-z0-9])/g;
const WINDOW = 40;
const KEYWORD_PREFILTER = /[Pp]ass|PASS|[Tt]ravel|TRAVEL/;

/**
 * Passport-like numbers, only where a keyword stands shortly before them ("passport", "travel
 * document", …): alone, such a number is indistinguishable from an order number.
 */
export function passportRecognizer(): Recognizer {
  return {
    name: 'passport',
    types: ['PASSPORT'],
    applies: (p) => p.longestDigitRun >= 5,
    scan(text: string, out: PiiFinding[]): void {
      if (!KEYWORD_PREFILTER.test(text)) return;
      KEYWORD.lastIndex = 0;
      for (let keyword = KEYWORD.exec(text); keyword !== null; keyword = KEYWORD.exec(text)) {
        const from = keyword.index + keyword[0].length;
        const window = text.slice(from, from + WINDOW);
        NUMBER.lastIndex = 0;
        const number = NUMBER.exec(window);
        if (number === null) continue;
        const start = from + number.index;
        out.push({ type: 'PASSPORT', start, end: start + number[0].length, score: 0.7, validator: 'context' });
      }
    },
  };
}
