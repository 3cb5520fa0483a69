import { findPhoneNumbersInText, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { PiiFinding } from '../pii-finding.js';
import type { Recognizer } from '../recognizer.js';
import { validWithoutParsing } from '../validators/phone-validity.js';
import { hasContext } from './context.js';

/** The regions Presidio's phone recogniser assumes for numbers written without a country code. */
export const DEFAULT_PHONE_REGIONS: readonly CountryCode[] = ['US', 'GB', 'DE', 'FR', 'IL', 'IN', 'CA', 'BR'];

/** A digit run with phone punctuation, not glued to letters or digits (libphonenumber's VALID leniency). */
const PREFILTER = /\d[\d \u00a0().\/-]{5,}\d/;
const CANDIDATE = /(?<![\p{L}\p{N}_+])(?:\+|\(\+?)?\d[\d \u00a0().\/-]{4,24}\d\)?(?:\s?(?:x|ext\.?|extension)\s?\d{1,6})?(?![\p{L}\p{N}_])/gu;
const DATE_LIKE = /^\d{1,4}([./-])\d{1,2}\1\d{1,4}$|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{4}/;
/** Words that make a short national number (fewer than nine digits) worth reporting. */
const CONTEXT = /\b(?:phone|tel|telephone|call|calling|mobile|cell|cellphone|number|no|nr|fax|reach|ring|text|sms|whatsapp|landline|contact|answering|registered)\b/i;
const CONTEXT_AFTER = /^[\s,-]{0,3}(?:office|mobile|cell|fax|home|work|landline|phone)\b/i;
const MAX_VALIDATIONS_PER_TEXT = 256;
const EXTENSION = /\s?(?:x|ext\.?|extension)\s?\d{1,6}$/;

/**
 * Phone numbers, validated by libphonenumber-js (full metadata): a number with `+` must be valid
 * for its country calling code, one without must be valid in one of `regions` (tried in order).
 * A run that is not one valid number (two numbers side by side, a number and a year) is searched
 * again with libphonenumber's own matcher. Dates and times are not numbers; a national number
 * shorter than nine digits ("224 4966") needs a word such as "phone" or "call" before it.
 */
export function phoneRecognizer(regions: readonly CountryCode[] = DEFAULT_PHONE_REGIONS): Recognizer {
  return {
    name: 'phone',
    types: ['PHONE'],
    applies: (p) => p.phoneDigits >= 7,
    scan(text: string, out: PiiFinding[]): void {
      if (!PREFILTER.test(text)) return;
      // Bounds for pathological text (tens of kilobytes of digit groups): after this many
      // libphonenumber calls, the remaining candidates of this text are not checked.
      let budget = MAX_VALIDATIONS_PER_TEXT;
      CANDIDATE.lastIndex = 0;
      for (let match = CANDIDATE.exec(text); match !== null; match = CANDIDATE.exec(text)) {
        let run = match[0];
        let start = match.index;
        if (run.endsWith(')') && !run.slice(0, -1).includes('(')) run = run.slice(0, -1);
        if (run.startsWith('(') && !run.includes(')')) {
          run = run.slice(1);
          start++;
        }
        if (start >= 2 && /[-./]/.test(text[start - 1]!) && /[\p{L}\p{N}]/u.test(text[start - 2]!)) continue;
        // Cards, IBANs, SSNs and IPs found earlier in this scan are not phone numbers.
        if (coveredBy(out, start, start + run.length)) continue;
        const digits = countDigits(run.replace(EXTENSION, ''));
        if (digits < 7 || DATE_LIKE.test(run) || /^:\d/.test(text.slice(start + run.length, start + run.length + 2))) continue;
        const international = run.startsWith('+') || run.startsWith('(+');
        if (!international && digits < 9 && !hasContext(text, start, CONTEXT) && !CONTEXT_AFTER.test(text.slice(start + run.length, start + run.length + 14))) continue;
        // Validate without the extension and an international "(0)" trunk prefix: +41 (0)96 471 07 95.
        // Digits only (and a leading +): libphonenumber parses that about twice as fast.
        const number = normalise(run.replace(EXTENSION, '').replace(/^(\+\d{1,3})\s?\(0\)/, '$1'));
        if (budget <= 0) break;
        budget -= digits <= 15 ? 1 : regions.length;
        const score = digits <= 15 ? validScore(number, run, regions) : 0;
        if (score > 0) {
          out.push({ type: 'PHONE', start, end: start + run.length, score, validator: 'libphonenumber' });
        } else if (/[ \u00a0]/.test(run) && digits >= 14) {
          searchWithin(run, start, regions, out);
        }
      }
    },
  };
}

/** libphonenumber-js decides, unless its answer is known without parsing (validWithoutParsing). */
function validScore(number: string, run: string, regions: readonly CountryCode[]): number {
  if (number.startsWith('+')) return validWithoutParsing(number) || parsePhoneNumberFromString(number)?.isValid() ? 0.95 : 0;
  for (const region of regions) {
    if (validWithoutParsing(number, region) || parsePhoneNumberFromString(number, region)?.isValid()) return nationalScore(run);
  }
  return 0;
}

function normalise(run: string): string {
  let out = '';
  for (let i = 0; i < run.length; i++) {
    const c = run.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c === 43 && out === '')) out += run[i];
  }
  return out;
}

/**
 * A national number is surer the more it is punctuated like one: "(415) 555-0132" or
 * "415-555-0132" score 0.8, one separator 0.6, bare digits 0.5 (so that a bare nine-digit run
 * that is also a valid SSN is reported as the SSN).
 */
function nationalScore(run: string): number {
  if (run.includes('(')) return 0.8;
  const separators = run.match(/[^\d]+/g)?.length ?? 0;
  return separators >= 2 ? 0.8 : separators === 1 ? 0.6 : 0.5;
}

function searchWithin(run: string, offset: number, regions: readonly CountryCode[], out: PiiFinding[]): void {
  const seen = new Set<number>();
  for (const region of regions) {
    for (const found of findPhoneNumbersInText(run, { defaultCountry: region })) {
      if (seen.has(found.startsAt)) continue;
      seen.add(found.startsAt);
      const score = run[found.startsAt] === '+' ? 0.95 : nationalScore(run.slice(found.startsAt, found.endsAt));
      out.push({ type: 'PHONE', start: offset + found.startsAt, end: offset + found.endsAt, score, validator: 'libphonenumber' });
    }
  }
}

function coveredBy(found: readonly PiiFinding[], start: number, end: number): boolean {
  for (const f of found) if (f.score >= 0.85 && f.start < end && start < f.end) return true;
  return false;
}

function countDigits(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}
