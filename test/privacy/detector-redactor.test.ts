import { describe, expect, it } from 'vitest';
import { createDetectorRedactorFactory } from '../../src/privacy/index.js';

describe('the detector redactor behind the redacted view', () => {
  const factory = createDetectorRedactorFactory();

  it('replaces names, addresses, IBANs and cards with typed tokens, consistently within a conversation', () => {
    const redactor = factory();
    const first = redactor.redact('Hi, this is Margaret Thompson, write to margaret.t@example.test. IBAN GB82 WEST 1234 5698 7654 32.');
    const second = redactor.redact('Margaret Thompson again: my card 4111 1111 1111 1111 was charged twice.');
    for (const value of ['Margaret', 'margaret.t@example.test', 'GB82 WEST', '4111 1111 1111 1111']) {
      expect(first.text + second.text).not.toContain(value);
    }
    expect(first.text).toContain('[EMAIL_1]');
    expect(first.text).toContain('[IBAN_1]');
    expect(second.text).toContain('[CREDIT_CARD_1]');
    const person = first.findings.find((finding) => finding.kind === 'PERSON')?.token;
    expect(person).toMatch(/^\[PERSON_\d+\]$/);
    expect(second.text).toContain(person);
  });

  it('gives each conversation its own tokens', () => {
    const a = factory().redact('Mail me at first@example.test');
    const b = factory().redact('Mail me at second@example.test');
    expect(a.text).toBe('Mail me at [EMAIL_1]');
    expect(b.text).toBe('Mail me at [EMAIL_1]');
  });
});
