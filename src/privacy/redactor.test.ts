import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPatternRedactor } from './redactor.js';

describe('the pattern redactor', () => {
  it.each([
    ['an e-mail address', 'Write to jane.doe+orders@example.co.uk please', 'Write to [EMAIL_1] please'],
    ['a phone number with a country code', 'Call +44 20 7946 0958 today', 'Call [PHONE_1] today'],
    ['a phone number with parentheses', 'Call (555) 123-4567', 'Call [PHONE_1]'],
    ['a card number with spaces', 'My card is 4111 1111 1111 1111.', 'My card is [CARD_1].'],
    ['a card number with dashes', 'card 5500-0000-0000-0004 expired', 'card [CARD_1] expired'],
    ['a card-like run that fails Luhn (fails closed)', 'ref 1234567812345678', 'ref [CARD_1]'],
    ['an ISO date, left alone', 'ordered on 2026-01-15', 'ordered on 2026-01-15'],
    ['a short number, left alone', 'order 12345 of 3 items', 'order 12345 of 3 items'],
    ['digits glued to letters, left alone', 'sku AB12345678', 'sku AB12345678'],
  ])('replaces %s', (_name, input, expected) => {
    expect(createPatternRedactor().redact(input).text).toBe(expected);
  });

  it('gives one value one token across texts, case-insensitively, and new values new numbers', () => {
    const redactor = createPatternRedactor();
    const first = redactor.redact('From Jane@Example.test, phone 555-123-4567');
    const second = redactor.redact('cc jane@example.test and bob@example.test; 555 123 4567');
    expect(first.text).toBe('From [EMAIL_1], phone [PHONE_1]');
    expect(second.text).toBe('cc [EMAIL_1] and [EMAIL_2]; [PHONE_1]');
  });

  it('keeps numbering per redactor, so conversations do not share tokens', () => {
    createPatternRedactor().redact('a@example.test');
    expect(createPatternRedactor().redact('b@example.test').text).toBe('[EMAIL_1]');
  });

  it('reports findings with kinds, tokens and offsets, never the values', () => {
    const input = 'mail a@example.test or call +1 415 555 0100';
    const { findings } = createPatternRedactor().redact(input);
    expect(findings).toEqual([
      { kind: 'EMAIL', token: '[EMAIL_1]', start: 5, end: 19 },
      { kind: 'PHONE', token: '[PHONE_1]', start: 28, end: input.length },
    ]);
    expect(JSON.stringify(findings)).not.toContain('example');
  });

  it('never lets an address or a long digit run through (property)', () => {
    const address = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9.]{0,10}[a-z0-9]$/), fc.stringMatching(/^[a-z]{1,10}$/)).map(([user, host]) => `${user}@${host}.test`);
    const digits = fc.stringMatching(/^[1-9][0-9]{12,18}$/);
    const filler = fc.stringMatching(/^[A-Za-z ,.!?]{0,20}$/);
    fc.assert(
      fc.property(fc.array(fc.tuple(filler, fc.oneof(address, digits)), { minLength: 1, maxLength: 5 }), (parts) => {
        const text = parts.map(([before, value]) => `${before} ${value} `).join('');
        const redacted = createPatternRedactor().redact(text).text;
        for (const [, value] of parts) expect(redacted).not.toContain(value);
      }),
    );
  });
});
