import type { PiiFinding } from '../pii-finding.js';
import type { Recognizer } from '../recognizer.js';

const KEYWORD = /\b(?:born|birth|birthday|birthdate|dob|d\.o\.b\.?|geboren|né|née)\b/gi;
const MONTH = String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const DATE = new RegExp(
  [
    String.raw`\d{4}[-/.]\d{1,2}[-/.]\d{1,2}`,
    String.raw`\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})`,
    String.raw`\d{1,2}(?:st|nd|rd|th)?(?: of)? ${MONTH},? \d{4}`,
    String.raw`${MONTH} \d{1,2}(?:st|nd|rd|th)?,? \d{4}`,
  ]
    .map((p) => `(?:${p})`)
    .join('|'),
  'gi',
);
const WINDOW = 40;
/** Substring searches that every keyword form contains; much cheaper than a case-insensitive scan. */
function mayHoldKeyword(text: string): boolean {
  return /orn|ORN|irth|IRTH|ob|OB|\.o\.|\.O\.|eboren|né/.test(text);
}

/**
 * Dates of birth: a date (numeric, ISO or with a month name) within a few words after "born",
 * "date of birth", "DOB", "birthday". A date alone is not personal data and is not reported.
 */
export function dateOfBirthRecognizer(): Recognizer {
  return {
    name: 'date-of-birth',
    types: ['DATE_OF_BIRTH'],
    applies: (p) => p.digits >= 4,
    scan(text: string, out: PiiFinding[]): void {
      if (!mayHoldKeyword(text)) return;
      KEYWORD.lastIndex = 0;
      for (let keyword = KEYWORD.exec(text); keyword !== null; keyword = KEYWORD.exec(text)) {
        const from = keyword.index + keyword[0].length;
        DATE.lastIndex = 0;
        const window = text.slice(from, from + WINDOW);
        const date = DATE.exec(window);
        if (date === null) continue;
        const before = window[date.index - 1];
        if (before !== undefined && /\w/.test(before)) continue;
        const start = from + date.index;
        out.push({ type: 'DATE_OF_BIRTH', start, end: start + date[0].length, score: 0.85, validator: 'context' });
      }
    },
  };
}
