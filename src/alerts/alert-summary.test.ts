import { describe, expect, it } from 'vitest';
import { newId } from '../common/index.js';
import { checkAlertDetails } from './alert-details.js';
import { alertSummary, type AlertFact } from './alert-summary.js';

const member = newId('member') as `mem_${string}`;
const conversation = newId('conversation') as `cnv_${string}`;

describe('alertSummary', () => {
  it('interpolates ids and counts into code-written text', () => {
    expect(alertSummary`${12} denials for ${member} on ${conversation}`).toBe(`12 denials for ${member} on ${conversation}`);
  });

  it.each([
    ['an e-mail address', 'jane@example.com'],
    ['a name', 'Jane Doe'],
    ['message text', 'Where is my order_ please'],
    ['an id with a tail', `${member} (Jane)`],
  ])('refuses %s', (_name, value) => {
    expect(() => alertSummary`access by ${value as AlertFact}`).toThrow(/not an id or a count/);
  });

  it('refuses a non-finite count and an overlong summary', () => {
    expect(() => alertSummary`${Number.NaN} denials`).toThrow();
    expect(() => alertSummary`${'x'.repeat(10) as AlertFact}`).toThrow();
    const gaps = Array<string>(13).fill(' ');
    const template = Object.assign([...gaps], { raw: gaps }) as unknown as TemplateStringsArray;
    expect(() => alertSummary(template, ...Array<AlertFact>(12).fill(member))).toThrow(/longer than/);
  });
});

describe('checkAlertDetails', () => {
  it('accepts ids, counts and flags', () => {
    const details = { memberId: member, denials: 12, windowMinutes: 10, tenantWide: true };
    expect(checkAlertDetails(details)).toBe(details);
  });

  it.each([
    ['a free-text value', { note: 'customer said hello' }],
    ['an e-mail value', { contact: 'jane@example.com' as AlertFact }],
    ['a key that is not camelCase', { 'jane@example.com': 1 }],
    ['an infinite count', { count: Number.POSITIVE_INFINITY }],
  ])('refuses %s', (_name, details) => {
    expect(() => checkAlertDetails(details as never)).toThrow();
  });
});
