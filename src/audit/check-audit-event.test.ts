import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from './audit-event.js';
import { checkAuditEvent } from './check-audit-event.js';

const event = (changes: Partial<AuditEvent> = {}): AuditEvent => ({
  v: 1,
  time: '2026-03-01T09:00:00.000Z',
  actor: { id: 'mem_a', kind: 'member', role: 'agent', team: null, tenant: 'ten_a' },
  action: 'conversation.listed',
  resource: { tenant: 'ten_a', fields: ['messages.body', 'contact.email'] },
  channel: 'api',
  reason: { rule: 'role-permits', grant: null, ticket: 'INC-4711' },
  outcome: 'allowed',
  requestId: 'req_a',
  ...changes,
});

describe('checkAuditEvent', () => {
  it('passes the ids, counts, enum values, timestamps and id lists events are made of', () => {
    const details = { view: 'inbox', statuses: 'open,answered_by_ai', entries: 12, before: '2026-03-01T09:00:00.000Z', destination: 'tls://siem.example:6514', contacts: 'con_a,con_b', ratio: 0.5 };
    expect(checkAuditEvent(event({ details }))).toEqual(event({ details }));
  });

  it('refuses a detail that could be a sentence, a name with a space or an e-mail address', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom(' ', '@', '\n', '\t'), fc.string(), (before, separator, after) => {
        expect(() => checkAuditEvent(event({ details: { note: `${before}${separator}${after}` } }))).toThrow(expect.objectContaining({ code: 'internal' }));
      }),
    );
    expect(() => checkAuditEvent(event({ details: { body: 'Where is my order? jane@example.com' } }))).toThrow(/audit detail "body"/);
    expect(() => checkAuditEvent(event({ details: { count: Number.NaN } }))).toThrow(/audit detail "count"/);
    expect(() => checkAuditEvent(event({ details: { '': 'x' } }))).toThrow(/audit detail/);
  });

  it('refuses a ticket that is not a reference, and field names that are not names', () => {
    expect(() => checkAuditEvent(event({ reason: { rule: 'role-permits', grant: null, ticket: 'call Jane Doe' } }))).toThrow(/ticket/);
    expect(() => checkAuditEvent(event({ resource: { tenant: 'ten_a', fields: ['Jane Doe'] } }))).toThrow(/field/);
  });
});
