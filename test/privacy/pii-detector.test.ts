import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPiiDetector, resolveOverlaps, type NerTagger, type PiiFinding, type PiiType } from '../../src/privacy/index.js';

/** Structured types need no NER; leaving it out keeps these tests independent of the model. */
const detector = createPiiDetector({ ner: false });

/** The values of `type` found in `text`, in order. */
function found(text: string, type: PiiType, d = detector): string[] {
  return d
    .detect(text)
    .filter((f) => f.type === type)
    .map((f) => text.slice(f.start, f.end));
}

describe('the PII detector: structured types', () => {
  it.each<[PiiType, string, string[]]>([
    ['EMAIL', 'write to jane.doe+orders@example.co.uk today', ['jane.doe+orders@example.co.uk']],
    ['EMAIL', 'IDN: user@xn--80ak6aa92e.com.', ['user@xn--80ak6aa92e.com']],
    ['EMAIL', 'not an address: info@example. or a@b', []],
    ['PHONE', 'call (415) 555-0132 or +44 20 7946 0958', ['(415) 555-0132', '+44 20 7946 0958']],
    ['PHONE', 'desk +1-415-555-0132 x204 please', ['+1-415-555-0132 x204']],
    ['PHONE', 'glued to a word: is415-555-0132', []],
    ['PHONE', 'a date 2026-03-15 and a time 2026-03-15 10:30 are not phones', []],
    ['PHONE', 'order 5551234 shipped', []],
    ['PHONE', 'short local numbers count after a phone word: phone 555-1234, or 867 5309 mobile', ['555-1234', '867 5309']],
    ['CREDIT_CARD', 'card 4111 1111 1111 1111, amex 3714-496353-98431', ['4111 1111 1111 1111', '3714-496353-98431']],
    ['CREDIT_CARD', 'two cards 4012888888881881 4012-8888-8888-1881', ['4012888888881881', '4012-8888-8888-1881']],
    ['CREDIT_CARD', 'bad Luhn 4111 1111 1111 1112 and unknown issuer 9111111111111111', []],
    ['IBAN', 'IBAN DE89 3704 0044 0532 0130 00, or GB29NWBK60161331926819.', ['DE89 3704 0044 0532 0130 00', 'GB29NWBK60161331926819']],
    ['IBAN', 'lower case works: gb29nwbk60161331926819', ['gb29nwbk60161331926819']],
    ['IBAN', 'bad checksum DE89 3704 0044 0532 0130 01, mixed case Gb29NWBK60161331926819', []],
    ['US_SSN', 'SSN 078-05-1123, also 219 09 9998', ['078-05-1123', '219 09 9998']],
    ['US_SSN', 'never issued: 000-12-3456 666-12-3456 912-12-3456 123-00-4567 123-45-0000 078-05-1120', []],
    ['US_SSN', 'mixed separators 693-09.4444', []],
    ['UK_NINO', 'NI number AB 12 34 56 C and ab123456d', ['AB 12 34 56 C', 'ab123456d']],
    ['UK_NINO', 'the HMRC placeholder QQ 12 34 56 C is not issued', []],
    ['UK_NINO', 'refused prefixes: BG123456A GB123456A DA123456A', []],
    ['IP_ADDRESS', 'from 192.168.0.1, 2001:db8::1 and ::ffff:10.0.0.1/96.', ['192.168.0.1', '2001:db8::1', '::ffff:10.0.0.1/96']],
    ['IP_ADDRESS', 'not IPs: 256.1.1.1, 1.2.3, 12:34:56, aa:bb:cc:dd:ee:ff, std::cout', []],
    ['URL', 'see https://example.com/a?b=1), www.example.org and example.io/path.', ['https://example.com/a?b=1', 'www.example.org', 'example.io/path']],
    ['URL', 'not URLs: www.example, http://localhost, readme.md', []],
    ['CRYPTO', 'btc 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2 and bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', ['1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq']],
    ['CRYPTO', 'eth 0x52908400098527886E0F7030069857D2E4169EE7', ['0x52908400098527886E0F7030069857D2E4169EE7']],
    ['CRYPTO', 'bad checksum 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3', []],
    ['API_KEY', 'key sk_live_4eC39HqLyjWDarjtT1zdp7dc and ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789', ['sk_live_4eC39HqLyjWDarjtT1zdp7dc', 'ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789']],
    ['API_KEY', 'token: 8f14e45fceea167a5a36dedd4bea2543', ['8f14e45fceea167a5a36dedd4bea2543']],
    ['API_KEY', 'a hash without a keyword 8f14e45fceea167a5a36dedd4bea2543 is not a key', []],
    ['DATE_OF_BIRTH', 'I was born on 12/05/1987; DOB: 1990-01-31; date of birth May 4, 1975', ['12/05/1987', '1990-01-31', 'May 4, 1975']],
    ['DATE_OF_BIRTH', 'delivered on 12/05/2026', []],
    ['PASSPORT', 'my passport number is X1234567', ['X1234567']],
    ['PASSPORT', 'reference X1234567', []],
    ['STREET_ADDRESS', 'send it to 221B Baker Street, Apt 4 please', ['221B Baker Street, Apt 4']],
    ['STREET_ADDRESS', 'ship to 1600 Pennsylvania Avenue, Springfield, IL 62704.', ['1600 Pennsylvania Avenue, Springfield, IL 62704']],
  ])('%s in %j', (type, text, expected) => {
    expect(found(text, type)).toEqual(expected);
  });

  it('reports offsets in UTF-16 code units, as JavaScript strings count', () => {
    const text = '👋🏽 café — 𝒳 mail zoe@example.com';
    expect(detector.detect(text)).toEqual([{ type: 'EMAIL', start: text.indexOf('zoe'), end: text.length, score: 1, validator: 'email-syntax' }]);
    expect(text.indexOf('zoe')).toBe(20); // 👋🏽 is four code units, 𝒳 two
  });

  it('names the check that confirmed each finding and scores checksums 1', () => {
    const findings = detector.detect('card 4111111111111111, iban GB29NWBK60161331926819, 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2');
    expect(findings.map((f) => [f.type, f.validator, f.score])).toEqual([
      ['CREDIT_CARD', 'luhn', 1],
      ['IBAN', 'mod97', 1],
      ['CRYPTO', 'base58check', 1],
    ]);
  });

  it('reports only the requested types, and drops findings under minScore', () => {
    const text = 'jane@example.com, 078051121';
    expect(createPiiDetector({ ner: false, types: ['US_SSN'] }).detect(text).map((f) => f.type)).toEqual(['US_SSN']);
    expect(createPiiDetector({ ner: false, minScore: 0.9 }).detect(text).map((f) => f.type)).toEqual(['EMAIL']);
  });

  it('never throws and returns sorted, non-overlapping, in-range findings for any string', () => {
    const pieces = fc.constantFrom('jane@example.com', '4111 1111 1111 1111', '+44 20 7946 0958', 'Maria Garcia', '2001:db8::1', ' ', '.', '\n', '::', '[EMAIL_1]');
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), pieces), { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        const findings = detector.detect(text);
        let end = 0;
        for (const f of findings) {
          expect(f.start).toBeGreaterThanOrEqual(end);
          expect(f.end).toBeGreaterThan(f.start);
          expect(f.end).toBeLessThanOrEqual(text.length);
          end = f.end;
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('pathological input', () => {
  // Liveness, not speed: each of these once looped forever or rescanned quadratically.
  it.each([
    ['an astral capital letter', '𝘊 '.repeat(2000)],
    ['hex-like text after a colon', `http://${'a.'.repeat(20000)}`],
    ['endless digit groups', '4111 '.repeat(20000)],
    ['an endless IBAN-like run', `DE89 ${'3704 '.repeat(20000)}`],
    ['endless short digit groups', '1 '.repeat(20000)],
  ])('finishes on %s', (_name, text) => {
    expect(Array.isArray(detector.detect(text))).toBe(true);
  });
});

describe('overlap resolution', () => {
  const f = (type: PiiType, start: number, end: number, score: number): PiiFinding => ({ type, start, end, score, validator: 'shape' });

  it.each<[string, PiiFinding[], PiiFinding[]]>([
    ['the higher score wins', [f('PHONE', 0, 10, 0.6), f('US_SSN', 0, 10, 0.65)], [f('US_SSN', 0, 10, 0.65)]],
    ['at equal score the longer span wins', [f('URL', 0, 5, 0.9), f('EMAIL', 0, 9, 0.9)], [f('EMAIL', 0, 9, 0.9)]],
    ['then the earlier start', [f('PERSON', 3, 8, 0.7), f('LOCATION', 0, 5, 0.7)], [f('LOCATION', 0, 5, 0.7)]],
    ['then the order of PII_TYPES', [f('LOCATION', 0, 5, 0.7), f('PERSON', 0, 5, 0.7)], [f('PERSON', 0, 5, 0.7)]],
    ['touching spans both stay, sorted', [f('PHONE', 5, 9, 0.8), f('EMAIL', 0, 5, 1)], [f('EMAIL', 0, 5, 1), f('PHONE', 5, 9, 0.8)]],
  ])('%s', (_name, input, expected) => {
    expect(resolveOverlaps(input)).toEqual(expected);
    expect(resolveOverlaps([...input].reverse())).toEqual(expected);
  });
});

describe('the PII detector: names, organisations, places', () => {
  const noNer = createPiiDetector({ ner: false });

  it.each<[string, string, [PiiType, string][]]>([
    ['a given name from the gazetteer and a surname', 'Hello, my name is David Johnson and I live in Maine.', [['PERSON', 'David Johnson'], ['LOCATION', 'Maine']]],
    ['an honorific, not part of the name', 'They call me Mr. Mayers', [['PERSON', 'Mayers']]],
    ['a name that is also a word needs a second signal', 'Dan May has a bank account. May I ask?', [['PERSON', 'Dan May']]],
    ['an unknown name after a cue', 'Thanks,\nXochiquetzal', [['PERSON', 'Xochiquetzal']]],
    ['a relation as a cue', 'my husband Quilliam Thorsby paid', [['PERSON', 'Quilliam Thorsby']]],
    ['an organisation by its legal form', 'I work for Kestrel Labs Ltd in Dublin.', [['ORGANIZATION', 'Kestrel Labs Ltd'], ['LOCATION', 'Dublin']]],
    ['a place after "moved to"', 'We moved to Skibbereen last year.', [['LOCATION', 'Skibbereen']]],
    ['sentence openers and months are not names', 'Please help. The parcel came in March. Thanks!', []],
    ['all-capital acronyms are not names', 'The PDF export in CSV fails', []],
    ['words inside an address are not names again', 'Send it to 12 Hawthorn Lane please', [['STREET_ADDRESS', '12 Hawthorn Lane']]],
  ])('%s', (_name, text, expected) => {
    const findings = noNer.detect(text).filter((x) => ['PERSON', 'ORGANIZATION', 'LOCATION', 'STREET_ADDRESS'].includes(x.type));
    expect(findings.map((x) => [x.type, text.slice(x.start, x.end)])).toEqual(expected);
  });

  it('asks the NER tagger only about chunks nothing else explains, and remembers its verdict', () => {
    const asked: string[] = [];
    const tagger: NerTagger = {
      tag(sentence) {
        asked.push(sentence);
        // Everything capitalised is a proper noun in this fake.
        return [...sentence.matchAll(/\S+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length, pos: /^\p{Lu}/u.test(m[0]) ? 'PROPN' : 'NOUN' }));
      },
    };
    const withNer = createPiiDetector({ ner: tagger });
    const text = 'Yesterday Quorra Velasquine said hello. Maria Garcia agreed.';
    expect(found(text, 'PERSON', withNer)).toEqual(['Quorra Velasquine', 'Maria Garcia']);
    expect(asked).toHaveLength(1);
    withNer.detect('Later Quorra Velasquine wrote again.');
    expect(asked).toHaveLength(1);
    expect(found('Quorra Velasquine said hello.', 'PERSON', createPiiDetector({ ner: false }))).toEqual([]);
  });
});
