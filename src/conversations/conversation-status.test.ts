import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONVERSATION_STATUSES, isConfirmation, statusAfterMessage } from './conversation-status.js';

const status = fc.constantFrom(...CONVERSATION_STATUSES);

describe('statusAfterMessage', () => {
  it("makes any member's message a human answer", () => {
    fc.assert(
      fc.property(status, fc.string(), (current, text) => {
        expect(statusAfterMessage(current, 'member', text)).toEqual({ status: 'answered_by_human', resolvedByCustomer: false });
      }),
    );
  });

  it('never gives the assistant a conversation a human is on', () => {
    fc.assert(
      fc.property(fc.constantFrom('waiting_for_human', 'answered_by_human'), fc.string(), (current, text) => {
        expect(statusAfterMessage(current, 'customer', text).status).not.toBe('open');
      }),
    );
  });

  it('resolves only on a confirmation after an answer', () => {
    fc.assert(
      fc.property(status, fc.string(), (current, text) => {
        const next = statusAfterMessage(current, 'customer', text);
        expect(next.resolvedByCustomer).toBe(next.status === 'resolved');
        if (next.resolvedByCustomer) {
          expect(['answered_by_ai', 'answered_by_human']).toContain(current);
          expect(isConfirmation(text)).toBe(true);
        }
      }),
    );
  });

  it('sends a new question after an AI answer or a resolution back to the assistant', () => {
    for (const current of ['open', 'answered_by_ai', 'resolved']) {
      expect(statusAfterMessage(current, 'customer', 'How do I export reports?')).toEqual({ status: 'open', resolvedByCustomer: false });
    }
    expect(statusAfterMessage('answered_by_human', 'customer', 'Why not?').status).toBe('waiting_for_human');
    expect(statusAfterMessage('answered_by_ai', 'customer', 'Thanks, that fixed it!').status).toBe('resolved');
  });
});

describe('isConfirmation', () => {
  it.each(['Thanks!', 'thank you, that worked', 'Perfect, sorted.', 'Got it, cheers', 'That’s it, all good', 'ok thanks', 'Great, it works now'])('takes %j for a confirmation', (text) => {
    expect(isConfirmation(text)).toBe(true);
  });

  it.each([
    "Thanks, but it still doesn't pair",
    'thanks. Another question: how do I export?',
    'That did not work',
    'It works?',
    "Thanks, it isn't fixed",
    'no thanks',
    'Thanks for nothing, the error is back',
    '',
  ])('does not take %j for one', (text) => {
    expect(isConfirmation(text)).toBe(false);
  });

  it('never takes a question, or a thank-you followed by a reservation, for a confirmation', () => {
    const reservation = fc.constantFrom(' but it still fails', ", it doesn't work", ' however the error is back', ' but I also have another problem');
    fc.assert(fc.property(fc.string(), (text) => !isConfirmation(`${text}?`)));
    fc.assert(fc.property(fc.constantFrom('Thanks', 'Perfect', 'Great', 'Got it'), reservation, (start, rest) => !isConfirmation(`${start}${rest}`)));
  });

  it('does not read a long message as a bare confirmation', () => {
    expect(isConfirmation(`Thanks! ${'The relay now shows up in the list and the lights are green. '.repeat(3)}`)).toBe(false);
  });
});
