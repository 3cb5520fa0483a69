/**
 * What the detector reports: a typed span of personal data in a text. Offsets are UTF-16 code
 * units, as JavaScript strings count them (`start` inclusive, `end` exclusive). A finding never
 * carries the value itself, so it is safe to log or store next to ciphertext.
 */

/** Every kind of personal data the detector knows. */
export const PII_TYPES = [
  'EMAIL',
  'PHONE',
  'CREDIT_CARD',
  'IBAN',
  'US_SSN',
  'UK_NINO',
  'PASSPORT',
  'IP_ADDRESS',
  'URL',
  'CRYPTO',
  'API_KEY',
  'DATE_OF_BIRTH',
  'PERSON',
  'LOCATION',
  'ORGANIZATION',
  'STREET_ADDRESS',
] as const;

export type PiiType = (typeof PII_TYPES)[number];

/**
 * The check that confirmed a finding: a checksum (`luhn`, `mod97`, `base58check`, `bech32`), a
 * structure or table (`libphonenumber`, `ip`, `ssn-ranges`, `nino-prefixes`, `iban-format`,
 * `email-syntax`, `url-syntax`, `eth-hex`, `key-prefix`, `entropy`), a keyword nearby
 * (`context`), a word list (`gazetteer`), a cue phrase (`cue`), the NER model (`ner`), or a value
 * already known to be personal data, such as the contact's own name (`known-value`).
 */
export type Validator =
  | 'luhn'
  | 'mod97'
  | 'base58check'
  | 'bech32'
  | 'libphonenumber'
  | 'ip'
  | 'ssn-ranges'
  | 'nino-prefixes'
  | 'email-syntax'
  | 'url-syntax'
  | 'eth-hex'
  | 'key-prefix'
  | 'entropy'
  | 'context'
  | 'gazetteer'
  | 'cue'
  | 'shape'
  | 'ner'
  | 'known-value';

export interface PiiFinding {
  readonly type: PiiType;
  /** First UTF-16 code unit of the value. */
  readonly start: number;
  /** One past the last UTF-16 code unit of the value. */
  readonly end: number;
  /** Confidence in [0, 1]; checksum-confirmed values score 1. */
  readonly score: number;
  /** Which check confirmed it. */
  readonly validator: Validator;
}

export function isPiiType(value: unknown): value is PiiType {
  return typeof value === 'string' && (PII_TYPES as readonly string[]).includes(value);
}
