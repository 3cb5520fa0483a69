import fc from 'fast-check';
import { getCountries, getCountryCallingCode, getExampleNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PHONE_REGIONS } from '../recognizers/phone-recognizer.js';
import { validWithoutParsing } from './phone-validity.js';

const COUNTRIES = getCountries();
/** National significant numbers that libphonenumber-js's own examples say are valid, per country. */
const EXAMPLES = COUNTRIES.flatMap((country) => {
  const example = getExampleNumber(country, examples);
  return example === undefined ? [] : [{ country, callingCode: example.countryCallingCode, national: example.nationalNumber }];
});

const libraryValid = (number: string, region?: CountryCode): boolean => parsePhoneNumberFromString(number, region)?.isValid() ?? false;
const digits = (min: number, max: number): fc.Arbitrary<string> => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(''));
/** An example number with up to six of its last digits replaced, one more or one fewer at times: often valid, not always. */
const nearExample = fc
  .record({ example: fc.constantFrom(...EXAMPLES), replaced: fc.integer({ min: 1, max: 6 }), change: fc.constantFrom(0, 0, 0, -1, 1), tail: digits(7, 7) })
  .map(({ example, replaced, change, tail }) => {
    const keep = Math.max(0, example.national.length - replaced);
    return { ...example, national: example.national.slice(0, keep) + tail.slice(0, Math.max(0, replaced + change)) };
  });
const regions = fc.constantFrom<CountryCode>(...DEFAULT_PHONE_REGIONS, 'JP', 'CN', 'AG', 'GG', 'RU', 'KZ', 'IT', 'VA', 'AR', 'MX');

/** Numbers as the phone recogniser passes them: digits only, maybe a leading +, at most 15 digits. */
function recognizerShaped(number: string): boolean {
  return /^\+?\d{1,15}$/.test(number);
}

describe('phone validity without parsing', () => {
  it('is only ever sure of numbers libphonenumber-js finds valid, international form', () => {
    let sure = 0;
    fc.assert(
      fc.property(
        fc.oneof(
          { arbitrary: nearExample.map((e) => `+${e.callingCode}${e.national}`), weight: 4 },
          fc.tuple(fc.constantFrom(...COUNTRIES), digits(4, 13)).map(([country, rest]) => `+${getCountryCallingCode(country)}${rest}`),
          digits(1, 15).map((rest) => `+${rest}`),
        ),
        (number) => {
          fc.pre(recognizerShaped(number));
          if (validWithoutParsing(number) !== true) return;
          sure++;
          expect(libraryValid(number)).toBe(true);
        },
      ),
      { numRuns: 4000 },
    );
    expect(sure).toBeGreaterThan(400);
  });

  it('is only ever sure of numbers libphonenumber-js finds valid, national form in a region', () => {
    let sure = 0;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.tuple(nearExample, regions).map(([e, region]) => [e.national, region] as const),
          fc.tuple(nearExample, regions).map(([e, region]) => [`0${e.national}`, region] as const),
          { arbitrary: nearExample.map((e) => [e.national, e.country] as const), weight: 3 },
          fc.tuple(digits(1, 15), regions).map(([number, region]) => [number, region] as const),
          fc.tuple(nearExample, regions).map(([e, region]) => [`${getCountryCallingCode(region)}${e.national}`, region] as const),
          fc.tuple(nearExample, regions).map(([e, region]) => [`011${e.callingCode}${e.national}`, region] as const),
        ),
        ([number, region]) => {
          fc.pre(recognizerShaped(number));
          if (validWithoutParsing(number, region) !== true) return;
          sure++;
          expect(libraryValid(number, region)).toBe(true);
        },
      ),
      { numRuns: 4000 },
    );
    expect(sure).toBeGreaterThan(200);
  });

  it('is sure of the common case: a number of a calling code with one main country, national prefix not written', () => {
    for (const country of ['US', 'GB', 'DE', 'FR', 'IN', 'BR', 'IL'] as const) {
      const example = EXAMPLES.find((e) => e.country === country)!;
      expect(validWithoutParsing(`+${example.callingCode}${example.national}`), country).toBe(true);
    }
    expect(validWithoutParsing('2015550123', 'US')).toBe(true);
    expect(validWithoutParsing('2015550123', 'CA')).toBe(true);
    // Left to libphonenumber-js: a national prefix, an international prefix, a calling code without +.
    expect(validWithoutParsing('02079460958', 'GB')).toBeUndefined();
    expect(validWithoutParsing('011442079460958', 'US')).toBeUndefined();
    expect(validWithoutParsing('12015550123', 'US')).toBeUndefined();
    // Antigua's area code: not a US number, so which of +1's countries takes it is left to libphonenumber-js.
    expect(validWithoutParsing('+12684601234')).toBeUndefined();
    expect(libraryValid('+12684601234')).toBe(true);
  });
});
