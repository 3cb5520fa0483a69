import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMON_WORDS, TITLES } from './gazetteers/common-words.js';
import { FIRST_NAMES } from './gazetteers/first-names.js';
import { KNOWN_ORGANIZATIONS, ORGANIZATION_SUFFIXES } from './gazetteers/organizations.js';
import { PLACES } from './gazetteers/places.js';
import { STREET_NAME_ENDINGS, STREET_TYPES_FIRST } from './gazetteers/street-words.js';
import { SURNAMES } from './gazetteers/surnames.js';
import type { PiiFinding } from './pii-finding.js';
import type { Recognizer } from './recognizer.js';
import { cryptoWalletRecognizer } from './recognizers/crypto-wallet-recognizer.js';
import { dateOfBirthRecognizer } from './recognizers/date-of-birth-recognizer.js';
import { emailRecognizer } from './recognizers/email-recognizer.js';
import { ibanRecognizer } from './recognizers/iban-recognizer.js';
import { ipAddressRecognizer } from './recognizers/ip-address-recognizer.js';
import { nameRecognizer } from './recognizers/name-recognizer.js';
import { passportRecognizer } from './recognizers/passport-recognizer.js';
import { paymentCardRecognizer } from './recognizers/payment-card-recognizer.js';
import { phoneRecognizer } from './recognizers/phone-recognizer.js';
import { secretRecognizer } from './recognizers/secret-recognizer.js';
import { streetAddressRecognizer } from './recognizers/street-address-recognizer.js';
import { ukNinoRecognizer } from './recognizers/uk-nino-recognizer.js';
import { urlRecognizer } from './recognizers/url-recognizer.js';
import { usSsnRecognizer } from './recognizers/us-ssn-recognizer.js';
import { profileText, type TextProfile } from './text-profile.js';

/** A profile that lets every recogniser through and every internal gate open. */
const OPEN: TextProfile = {
  digits: Infinity,
  at: true,
  colon: true,
  innerDot: true,
  dotLetter: true,
  longestToken: Infinity,
  upper: true,
  longestDigitRun: Infinity,
  groupedDigits: Infinity,
  phoneDigits: Infinity,
  dottedDigits: Infinity,
  lettersThenDigits: true,
  numberThenCapital: true,
  streetWord: true,
  capitals: new Int32Array(0),
  capitalCount: -1,
};

const RECOGNIZERS: readonly Recognizer[] = [
  emailRecognizer(),
  urlRecognizer(),
  ipAddressRecognizer(),
  paymentCardRecognizer(),
  ibanRecognizer(),
  cryptoWalletRecognizer(),
  usSsnRecognizer(),
  ukNinoRecognizer(),
  passportRecognizer(),
  phoneRecognizer(),
  secretRecognizer(),
  dateOfBirthRecognizer(),
  streetAddressRecognizer(),
  nameRecognizer({ ner: false }),
];

/** Pieces that make up both personal data and the near misses around it. */
const PIECES = [
  ...'0123456789012345678901234567890123456789',
  ...'  -..//()+:@_\n\u00a0',
  ...'aAbBxXzZéÖ',
  'DE89 3704 0044 0532 0130 00', 'GB82WEST12345698765432', 'QQ 12 34 56 C', 'AB123456C',
  '4111 1111 1111 1111', '4012-8888-8888-1881', '378282246310005',
  '845-73-3581', '845 73 3581', '845733581',
  '+1 (415) 555-0132', '(212) 742-3964', '020 7946 0958', '+44 20 7946 0958', '+49 30 4400568', 'ext. 12', ' x7',
  '10.0.0.1', '192.168.1.254/24', '2001:db8::1', '1.2.3', '8.16.0',
  'https://example.com/a?b=1', 'www.example.org', 'shop.example.co.uk', 'a.io', '.com',
  'user@example.com', 'passport', 'Passport no', 'travel document', 'born on', 'DOB:', '12/03/1985', 'March 4, 1990', '1985-03-12',
  '221B Baker Street', '12 Main St', 'Hauptstraße 5', 'Rua João Pessoa 1636', 'PO Box 12', 'Apt 4',
  'sk_live_4eC39HqLyjWDarjtT1zdp7dc', 'AKIAIOSFODNN7EXAMPLE', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', '0x52908400098527886E0F7030069857D2E4169EE7',
  'Dear Anna', 'Mr. Bjornstad', 'Hallvard Quintanilla', 'Acme Ltd', 'in Toronto', 'TRK528715113', 'A188312', 'ORD-4309058', 'I', 'The',
  'phone', 'call', 'ssn', 'token',
];

const texts = fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }).map((pieces) => pieces.join(''));

function scan(recognizer: Recognizer, text: string, profile: TextProfile, gated: boolean): PiiFinding[] {
  const out: PiiFinding[] = [];
  if (!gated || recognizer.applies(profile)) recognizer.scan(text, out, profile);
  return out;
}

describe('recogniser gates', () => {
  it.each(RECOGNIZERS.map((r) => [r.name, r] as const))('the %s gate only skips texts it could find nothing in', (_name, recognizer) => {
    fc.assert(
      fc.property(texts, (text) => {
        expect(scan(recognizer, text, profileText(text), true)).toEqual(scan(recognizer, text, OPEN, false));
      }),
      { numRuns: 400 },
    );
  });

  it('a text with more capitals than the profile keeps is searched for them again, with the same findings', () => {
    const text = 'Dear Anna, thanks. '.repeat(2100) + 'Regards, Hallvard Quintanilla in Toronto';
    const profile = profileText(text);
    expect(profile.capitalCount).toBe(-1);
    const names = RECOGNIZERS.find((r) => r.name === 'names')!;
    const found = scan(names, text, profile, true);
    expect(found.length).toBeGreaterThan(2100);
    expect(found).toEqual(scan(names, text, OPEN, false));
    expect(profileText('Dear Anna in Zürich').capitalCount).toBe(4); // D, A, Z and the ü
  });

  it('profiles digit shapes', () => {
    expect(profileText('card 4111 1111 1111 1111, call (415) 555-0132')).toMatchObject({ groupedDigits: 16, phoneDigits: 16, longestDigitRun: 4 });
    expect(profileText('TRK528715113 and 10.0.0.1')).toMatchObject({ phoneDigits: 5, dottedDigits: 3, lettersThenDigits: true, longestDigitRun: 9 });
    expect(profileText('version 8.16.0, $246.81')).toMatchObject({ dottedDigits: 2, groupedDigits: 5, lettersThenDigits: false, dotLetter: false });
  });

  it('finds a street-first address word exactly where the regular expression it replaces would', () => {
    const escaped = STREET_TYPES_FIRST.map((word) => word.replace('.', String.raw`\.`));
    const reference = new RegExp(String.raw`(?:${STREET_NAME_ENDINGS.join('|')})\s+\d|\b(?:${escaped.join('|')})\s|Box\s+\d`);
    const pieces = [...STREET_NAME_ENDINGS, ...STREET_TYPES_FIRST, 'Box', 'Hauptstr', 'Av', 'ul', 'Plaz', 'x', 'A', '_', '1', '42', ' ', '  ', '\t', '\n', '\u00a0', '\u2003', '\ufeff', '.', '-', 'é'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        expect(profileText(text).streetWord).toBe(reference.test(text));
      }),
      { numRuns: 3000 },
    );
    expect(profileText('Hauptstraße\u00a05').streetWord).toBe(true);
    expect(profileText('via ul. Północna').streetWord).toBe(true);
    expect(profileText('Ravul. Północna, Box-12').streetWord).toBe(false);
    // The profile finds a street type at its capital or at its closing dot, so each has one of them.
    expect(STREET_TYPES_FIRST.filter((word) => !/^[A-Z]/.test(word) && !word.endsWith('.'))).toEqual([]);
  });

  it('no gazetteer word holds a digit, so the name recogniser looks none up for words that do', () => {
    for (const list of [COMMON_WORDS, TITLES, FIRST_NAMES, KNOWN_ORGANIZATIONS, ORGANIZATION_SUFFIXES, PLACES, SURNAMES]) {
      expect([...list].filter((word) => /\d/.test(word))).toEqual([]);
    }
  });
});
