import type { PiiType } from './detection/index.js';

/**
 * Redaction: text with personal data replaced by typed tokens (`[EMAIL_1]`, `[PHONE_2]`), as the
 * redacted view of a conversation shows it. The privacy issue supplies the full detector (names,
 * IBANs, national ids, …) behind this same interface; until then `createPatternRedactor` finds
 * e-mail addresses, phone-like numbers and card-like digit runs.
 */

/**
 * The kinds of personal data a redactor replaces; each token names its kind. The pattern redactor
 * uses EMAIL, PHONE and CARD; the detector redactor every type the detector knows.
 */
export type PiiKind = 'EMAIL' | 'PHONE' | 'CARD' | PiiType;

/**
 * One replaced value: its kind, the token that replaced it and where it was in the input
 * (UTF-16 offsets, `start` inclusive, `end` exclusive). Never the value itself.
 */
export interface Finding {
  readonly kind: PiiKind;
  readonly token: string;
  readonly start: number;
  readonly end: number;
}

export interface Redaction {
  readonly text: string;
  readonly findings: readonly Finding[];
}

/**
 * Replaces personal data in text with typed tokens. One redactor serves one conversation: the
 * same value gets the same token in every text it redacts (`[EMAIL_1]` in the first message and
 * in the fifth), and different values get different tokens. It holds the values it has seen in
 * memory only, for its own lifetime.
 */
export interface Redactor {
  redact(text: string): Redaction;
}

/** Makes a fresh redactor for one conversation. */
export type RedactorFactory = () => Redactor;

/*
 * E-mail: a pragmatic RFC 5322 subset (local part, @, dotted domain with a 2+ letter TLD).
 * Digit runs: 7 to 19 digits, optionally led by `+` or `(`, separated by spaces, dots, dashes or
 * parentheses, and not glued to letters or further digits.
 */
const EMAIL = String.raw`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`;
const DIGIT_RUN = String.raw`(?<![\w+])[+(]?\d(?:[ .()-]{0,2}\d){6,18}(?![\w])`;
const PATTERN = new RegExp(`(${EMAIL})|(${DIGIT_RUN})`, 'g');
/** ISO 8601 dates look like digit runs but are not personal data. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The minimal real redactor: e-mail addresses → `EMAIL`; digit runs → `CARD` when they hold
 * 13–19 digits and do not start with `+` (whether or not they pass Luhn: failing closed), else
 * `PHONE`. Values are compared normalised (lower-cased addresses, digits only), so
 * `Jane@X.test` and `jane@x.test` share a token.
 */
type PatternKind = 'EMAIL' | 'PHONE' | 'CARD';

export function createPatternRedactor(): Redactor {
  const tokens = new Map<string, string>();
  const counts: Record<PatternKind, number> = { EMAIL: 0, PHONE: 0, CARD: 0 };
  const tokenFor = (kind: PatternKind, normalised: string): string => {
    const key = `${kind}:${normalised}`;
    let token = tokens.get(key);
    if (token === undefined) {
      counts[kind] += 1;
      token = `[${kind}_${counts[kind]}]`;
      tokens.set(key, token);
    }
    return token;
  };
  return {
    redact(text: string): Redaction {
      const findings: Finding[] = [];
      let output = '';
      let last = 0;
      for (const match of text.matchAll(PATTERN)) {
        const value = match[0];
        const start = match.index;
        const kind: PatternKind | undefined = match[1] !== undefined ? 'EMAIL' : classifyDigits(value);
        if (kind === undefined) continue;
        const normalised = kind === 'EMAIL' ? value.toLowerCase() : value.replace(/\D/g, '');
        const token = tokenFor(kind, normalised);
        output += text.slice(last, start) + token;
        last = start + value.length;
        findings.push({ kind, token, start, end: last });
      }
      return { text: output + text.slice(last), findings };
    },
  };
}

function classifyDigits(value: string): PatternKind | undefined {
  if (ISO_DATE.test(value)) return undefined;
  const digits = value.replace(/\D/g, '').length;
  return digits >= 13 && !value.startsWith('+') ? 'CARD' : 'PHONE';
}
