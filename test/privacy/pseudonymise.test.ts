import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createConversationPseudonymiser,
  createPiiDetector,
  emptyMapping,
  maskCard,
  parseMapping,
  pseudonymise,
  restore,
  type PiiDetector,
} from '../../src/privacy/index.js';

const detector: PiiDetector = createPiiDetector({ ner: false });

describe('pseudonymise', () => {
  it('replaces each finding with a typed, numbered token and reports where it was', () => {
    const text = 'I am Maria Garcia, maria@example.com, card 4111 1111 1111 1111.';
    const result = pseudonymise(text, detector);
    expect(result.text).toBe('I am [PERSON_1], [EMAIL_1], card [CREDIT_CARD_1].');
    expect(result.findings.map((f) => [f.type, f.token, text.slice(f.start, f.end)])).toEqual([
      ['PERSON', '[PERSON_1]', 'Maria Garcia'],
      ['EMAIL', '[EMAIL_1]', 'maria@example.com'],
      ['CREDIT_CARD', '[CREDIT_CARD_1]', '4111 1111 1111 1111'],
    ]);
  });

  it('gives a value the same token across the messages of a conversation, and a new value the next number', () => {
    const first = pseudonymise('From ann@example.com', detector);
    const second = pseudonymise('cc bob@example.com and ann@example.com', detector, first.mapping);
    expect(second.text).toBe('cc [EMAIL_2] and [EMAIL_1]');
    expect(second.mapping.entries.map((e) => e.token)).toEqual(['[EMAIL_1]', '[EMAIL_2]']);
    // The input mapping is not changed.
    expect(first.mapping.entries).toHaveLength(1);
  });

  it('compares values exactly, so that restoring is exact', () => {
    const result = pseudonymise('Ann@Example.com then ann@example.com', detector);
    expect(result.text).toBe('[EMAIL_1] then [EMAIL_2]');
  });

  it('makes tokens meaningless outside their conversation', () => {
    const a = pseudonymise('ann@example.com', detector);
    const b = pseudonymise('bob@example.com', detector);
    expect(a.text).toBe(b.text);
    expect(restore(a.text, b.mapping, { cards: 'reveal' })).toBe('bob@example.com');
    expect(restore('[EMAIL_1]', emptyMapping())).toBe('[EMAIL_1]');
  });

  it.each([
    ['a token the customer typed', 'Please send it to [EMAIL_1] as before', 'Please send it to [LITERAL_1] as before'],
    ['a typed token beside a real address', 'ann@example.com not [EMAIL_1]', '[EMAIL_1] not [LITERAL_1]'],
    ['a typed LITERAL token', 'see [LITERAL_1]', 'see [LITERAL_1]'],
  ])('sets aside %s as a LITERAL token, never as a real one', (_name, input, expected) => {
    const result = pseudonymise(input, detector);
    expect(result.text).toBe(expected);
    expect(restore(result.text, result.mapping)).toBe(input);
  });

  it('does not restore a typed token into the value it imitates', () => {
    const result = pseudonymise('my address is ann@example.com; what is [EMAIL_1]?', detector);
    const reply = `You asked about ${result.text.slice(result.text.indexOf('[LITERAL_1]'), result.text.indexOf('[LITERAL_1]') + 11)}.`;
    expect(restore(reply, result.mapping)).toBe('You asked about [EMAIL_1].');
  });
});

describe('restore', () => {
  const { text, mapping } = pseudonymise('Card 4111-1111-1111-1111, call +44 20 7946 0958', detector);

  it('masks card numbers by default, so a full number never reaches an assistant reply', () => {
    expect(text).toBe('Card [CREDIT_CARD_1], call [PHONE_1]');
    expect(restore('Your card [CREDIT_CARD_1] is blocked; we will call [PHONE_1].', mapping)).toBe(
      'Your card •••• 1111 is blocked; we will call +44 20 7946 0958.',
    );
    expect(restore(text, mapping, { cards: 'reveal' })).toBe('Card 4111-1111-1111-1111, call +44 20 7946 0958');
    expect(maskCard('3714 496353 98431')).toBe('•••• 8431');
  });

  it('leaves tokens the mapping does not know as they are, and never restores twice', () => {
    const tricky = pseudonymise('[PHONE_1]', detector, mapping);
    expect(restore('[EMAIL_9] [PHONE_1] [LITERAL_1]', tricky.mapping)).toBe('[EMAIL_9] +44 20 7946 0958 [PHONE_1]');
  });
});

describe('a conversation pseudonymiser', () => {
  it('keeps its mapping between messages and can start from a stored one', () => {
    const conversation = createConversationPseudonymiser(detector);
    expect(conversation.pseudonymise('ann@example.com').text).toBe('[EMAIL_1]');
    const stored = JSON.parse(JSON.stringify(conversation.mapping)) as unknown;
    const resumed = createConversationPseudonymiser(detector, parseMapping(stored));
    expect(resumed.pseudonymise('bob@example.com, ann@example.com').text).toBe('[EMAIL_2], [EMAIL_1]');
    expect(resumed.restore('Hi [EMAIL_2]')).toBe('Hi bob@example.com');
  });

  it.each([
    ['an unknown field', { v: 1, entries: [], extra: 1 }],
    ['a wrong version', { v: 2, entries: [] }],
    ['a token that does not name its type', { v: 1, entries: [{ token: '[PHONE_1]', type: 'EMAIL', value: 'a@b.example' }] }],
    ['a token listed twice', { v: 1, entries: [{ token: '[EMAIL_1]', type: 'EMAIL', value: 'a@b.example' }, { token: '[EMAIL_1]', type: 'EMAIL', value: 'c@d.example' }] }],
    ['an unknown type', { v: 1, entries: [{ token: '[SECRET_1]', type: 'SECRET', value: 'x' }] }],
  ])('refuses a stored mapping with %s', (_name, data) => {
    expect(() => parseMapping(data)).toThrow();
  });
});

describe('round trip (property)', () => {
  const words = ['hello', 'my', 'order', 'is', 'late', 'please', 'call', 'me', 'at', 'or', 'thanks', 'card', '[EMAIL_1]', '[PERSON_2]', '[LITERAL_1]', '42', '!', 'ok'];
  const word = fc.constantFrom(...words);
  const email = fc.tuple(fc.stringMatching(/^[a-z]{3,8}$/), fc.constantFrom('example.com', 'mail.example.org')).map(([l, d]) => `${l}@${d}`);
  const card = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 14, maxLength: 14 }).map((digits) => withLuhn(`4${digits.join('')}`));
  const ssn = fc.tuple(fc.integer({ min: 1, max: 665 }), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 9999 })).map(
    ([a, g, s]) => `${String(a).padStart(3, '0')}-${String(g).padStart(2, '0')}-${String(s).padStart(4, '0')}`,
  );
  const ip = fc.tuple(fc.integer({ min: 11, max: 223 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 254 })).map((p) => p.join('.'));
  const iban = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 18, maxLength: 18 }).map((d) => germanIban(d.join('')));
  const pii = fc.oneof(email, card, ssn, ip, iban);
  const separator = fc.constantFrom(' ', ', ', ' - ', '\n', ' (', ') ');

  it('restore(pseudonymise(x)) is x, and no embedded value survives in the pseudonymised text', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.oneof(word, pii), separator), { minLength: 1, maxLength: 12 }), fc.array(pii, { maxLength: 3 }), (parts, values) => {
        const text = [...parts.flat(), ...values.flatMap((v) => [v, ' '])].join('');
        const embedded = [...parts.map(([p]) => p), ...values].filter((p) => !words.includes(p));
        const conversation = createConversationPseudonymiser(detector);
        const result = conversation.pseudonymise(text);
        expect(restore(result.text, result.mapping, { cards: 'reveal' })).toBe(text);
        for (const value of embedded) expect(result.text).not.toContain(value);
      }),
      { numRuns: 200 },
    );
  });
});

function withLuhn(partial: string): string {
  let sum = 0;
  for (let i = 0; i < partial.length; i++) {
    let d = Number(partial[partial.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return partial + String((10 - (sum % 10)) % 10);
}

function germanIban(bban: string): string {
  let remainder = 0;
  for (const c of `${bban}131400`) remainder = (remainder * 10 + Number(c)) % 97;
  return `DE${String(98 - remainder).padStart(2, '0')}${bban}`;
}
