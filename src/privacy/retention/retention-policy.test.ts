import { describe, expect, it } from 'vitest';
import { isSealdeskError } from '../../errors/index.js';
import { DEFAULT_RETENTION_POLICY, isShortening, validateRetentionPolicy, type RetentionPolicy } from './retention-policy.js';

const VALID: RetentionPolicy = { conversationDays: 30, contactDays: 90, kbDays: null };

describe('validateRetentionPolicy', () => {
  it('accepts the default and the bounds themselves', () => {
    expect(validateRetentionPolicy(DEFAULT_RETENTION_POLICY)).toEqual(DEFAULT_RETENTION_POLICY);
    expect(validateRetentionPolicy({ conversationDays: 7, contactDays: 30, kbDays: 30 })).toBeTruthy();
    expect(validateRetentionPolicy({ conversationDays: 3650, contactDays: 3650, kbDays: 3650 })).toBeTruthy();
  });

  it.each([
    ['conversations under a week', { ...VALID, conversationDays: 6 }, 'conversationDays must be a whole number of days from 7 to 3650.'],
    ['conversations over ten years', { ...VALID, conversationDays: 3651, contactDays: 3651 }, 'conversationDays must be a whole number of days from 7 to 3650.'],
    ['a fraction of a day', { ...VALID, conversationDays: 30.5 }, 'conversationDays must be a whole number of days from 7 to 3650.'],
    ['contacts under a month', { conversationDays: 7, contactDays: 29, kbDays: null }, 'contactDays must be a whole number of days from 30 to 3650.'],
    ['articles under a month', { ...VALID, kbDays: 0 }, 'kbDays must be a whole number of days from 30 to 3650, or null to keep articles.'],
    ['contacts kept shorter than conversations', { conversationDays: 100, contactDays: 90, kbDays: null }, 'contactDays must be at least conversationDays.'],
  ])('refuses %s with retention_policy_invalid', (_, policy, message) => {
    let caught: unknown;
    try {
      validateRetentionPolicy(policy);
    } catch (error) {
      caught = error;
    }
    expect(isSealdeskError(caught) && caught.code).toBe('retention_policy_invalid');
    expect(isSealdeskError(caught) && caught.userMessage).toBe(message);
  });
});

describe('isShortening', () => {
  it.each([
    ['a shorter conversation period', { ...VALID, conversationDays: 20 }, true],
    ['a shorter contact period', { ...VALID, contactDays: 60 }, true],
    ['starting to delete articles', { ...VALID, kbDays: 365 }, true],
    ['longer periods', { conversationDays: 60, contactDays: 120, kbDays: null }, false],
    ['the same policy', VALID, false],
  ])('%s: %s', (_, next, expected) => {
    expect(isShortening(VALID, next)).toBe(expected);
  });

  it('counts a shorter article period, and not keeping articles again', () => {
    expect(isShortening({ ...VALID, kbDays: 365 }, { ...VALID, kbDays: 100 })).toBe(true);
    expect(isShortening({ ...VALID, kbDays: 365 }, VALID)).toBe(false);
  });
});
