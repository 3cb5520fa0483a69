import type { PiiFinding } from '../pii-finding.js';
import type { Recognizer } from '../recognizer.js';
import { passesLuhn } from '../validators/luhn.js';

/** 12–19 digits in groups of 2–6, separated by single spaces or dashes (or none). */
/** Cheap necessary condition: ten digits with at most two single separators among them. */
const PREFILTER = /\d{4}[ -]?\d{4}[ -]?\d{2}/;
const CANDIDATE = /(?<![\w.-])\d{2,19}(?:[ -]\d{2,6})*(?![\w-]|\.\d)/g;
const DIGIT_GROUP = /\d+/g;

/**
 * Payment card numbers (PAN, ISO/IEC 7812): a known issuer range for the length, then Luhn.
 * A run longer than a card ("4111 1111 1111 1111 2026") is retried without its trailing groups.
 */
export function paymentCardRecognizer(): Recognizer {
  return {
    name: 'payment-card',
    types: ['CREDIT_CARD'],
    applies: (p) => p.groupedDigits >= 12,
    scan(text: string, out: PiiFinding[]): void {
      if (!PREFILTER.test(text)) return;
      CANDIDATE.lastIndex = 0;
      for (let match = CANDIDATE.exec(text); match !== null; match = CANDIDATE.exec(text)) {
        if (match[0].length < 12) continue;
        for (const [start, end] of cardsIn(match[0])) {
          out.push({ type: 'CREDIT_CARD', start: match.index + start, end: match.index + end, score: 1, validator: 'luhn' });
        }
      }
    },
  };
}

/**
 * Card numbers inside one run of digit groups, longest first from each group start, so that
 * "4012888888881881 4012-8888-8888-1881" yields two cards and "ref 12 4111 1111 1111 1111" one.
 */
function cardsIn(run: string): [number, number][] {
  const groups: (readonly [number, number])[] = [];
  DIGIT_GROUP.lastIndex = 0;
  for (let m = DIGIT_GROUP.exec(run); m !== null; m = DIGIT_GROUP.exec(run)) groups.push([m.index, m.index + m[0].length]);
  const found: [number, number][] = [];
  let i = 0;
  while (i < groups.length) {
    let matched = -1;
    // A card has at most 19 digits, so at most nine groups of two or more.
    for (let j = Math.min(groups.length - 1, i + 8); j >= i && matched < 0; j--) {
      const start = groups[i]![0];
      const end = groups[j]![1];
      const digits = run.slice(start, end).replace(/[ -]/g, '');
      if (digits.length >= 12 && digits.length <= 19 && isKnownIssuer(digits) && passesLuhn(digits)) {
        found.push([start, end]);
        matched = j;
      }
    }
    i = matched >= 0 ? matched + 1 : i + 1;
  }
  return found;
}

/**
 * Issuer identification ranges (first digits) and the lengths they issue: UATP 1 (15), Mir
 * 2200–2204 and Mastercard 2221–2720, JCB 2131/1800 (15) and 35 (3528–3589 allocated; the whole 35 block accepted), Amex 34/37 (15), Diners
 * 30/36/38/39, Visa 4, Mastercard 51–55, Maestro and local schemes 50/56–69, Discover 6011/644–
 * 649/65, UnionPay 62/81, RuPay 60/65/81/82/508, Troy 9792.
 */
export function isKnownIssuer(digits: string): boolean {
  const n = digits.length;
  if (n < 12 || n > 19) return false;
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  switch (digits[0]) {
    case '1':
      return n === 15;
    case '2':
      if (four === 2131) return n === 15;
      return n >= 16 && ((four >= 2200 && four <= 2204) || (four >= 2221 && four <= 2720));
    case '3':
      if (two === 34 || two === 37) return n === 15;
      if (two === 30 || two === 36 || two === 38 || two === 39) return n >= 14;
      if (two === 35) return n >= 16;
      return false;
    case '4':
      return n >= 13;
    case '5':
      if (two >= 51 && two <= 55) return n === 16;
      return two === 50 || two >= 56 ? n >= 12 : false;
    case '6':
      return n >= 12;
    case '8':
      return (two === 81 || two === 82) && n >= 16;
    case '9':
      return four === 9792 && n === 16;
    default:
      return false;
  }
}
