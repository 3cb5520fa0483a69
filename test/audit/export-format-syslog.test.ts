import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/audit/index.js';
import { formatJsonLine, formatSyslog, frameOctetCounted, type ExportedEntry } from '../../src/audit/export/index.js';
import { parseSyslog, splitOctetCounted } from './export-syslog-support.js';

const HOST = { hostname: 'desk.example', appName: 'sealdesk' };
const LEAF_HASH = 'q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=';

const denied: AuditEvent = {
  v: 1,
  time: '2026-03-01T09:00:00.000Z',
  actor: { id: 'mem_agent', kind: 'member', role: 'agent', team: null, tenant: 'ten_acme' },
  action: 'content.read',
  resource: { tenant: 'ten_acme', conversation: 'conv_1' },
  channel: 'api',
  reason: { rule: 'agent-not-assigned', grant: null, ticket: null },
  outcome: 'denied',
  requestId: 'req_1',
};

const operatorEvent: AuditEvent = {
  ...denied,
  actor: { id: 'op_owner', kind: 'operator', role: 'operator:owner', team: null, tenant: null },
  action: 'tenant.created',
  resource: { tenant: null },
  reason: { rule: 'operator-owner', grant: null, ticket: null },
  outcome: 'allowed',
};

describe('formatSyslog', () => {
  it('formats a denied read in a tenant log (checked by hand against RFC 5424 §6)', () => {
    expect(formatSyslog({ index: 42, leafHash: LEAF_HASH, event: denied }, HOST)).toBe(
      '<108>1 2026-03-01T09:00:00.000Z desk.example sealdesk - content.read ' +
        '[sealdesk@32473 index="42" action="content.read" outcome="denied" tenant="ten_acme"] ' +
        '{"event":{"action":"content.read","actor":{"id":"mem_agent","kind":"member","role":"agent","team":null,"tenant":"ten_acme"},' +
        '"channel":"api","outcome":"denied","reason":{"grant":null,"rule":"agent-not-assigned","ticket":null},"requestId":"req_1",' +
        '"resource":{"conversation":"conv_1","tenant":"ten_acme"},"time":"2026-03-01T09:00:00.000Z","v":1},' +
        `"index":42,"leafHash":"${LEAF_HASH}"}`,
    );
  });

  it('formats an allowed action in the operator\'s log at informational severity, without a tenant', () => {
    expect(formatSyslog({ index: 0, leafHash: LEAF_HASH, event: operatorEvent }, HOST)).toMatch(
      /^<110>1 2026-03-01T09:00:00\.000Z desk\.example sealdesk - tenant\.created \[sealdesk@32473 index="0" action="tenant\.created" outcome="allowed"\] \{"event":\{/,
    );
  });

  it('formats a pruned entry with no timestamp, no MSGID and pruned="true"', () => {
    expect(formatSyslog({ index: 7, leafHash: LEAF_HASH, event: null }, HOST)).toBe(
      `<110>1 - desk.example sealdesk - - [sealdesk@32473 index="7" pruned="true"] {"event":null,"index":7,"leafHash":"${LEAF_HASH}"}`,
    );
  });

  it('escapes ", \\ and ] in parameter values (§6.3.3) and keeps MSGID to 32 printable characters', () => {
    const odd = { ...denied, action: 'weird action with spaces and a very long name!', resource: { tenant: 'a"b\\c]d' } } as unknown as AuditEvent;
    const message = formatSyslog({ index: 1, leafHash: LEAF_HASH, event: odd }, HOST);
    expect(message).toContain(' - weird_action_with_spaces_and_a_v [sealdesk@32473 ');
    expect(message).toContain('tenant="a\\"b\\\\c\\]d"]');
    expect(parseSyslog(message).data[0]!.params).toContainEqual(['tenant', 'a"b\\c]d']);
  });

  it('keeps an RFC 3339 time with an offset and replaces one that is not a valid timestamp by -', () => {
    const at = (time: string) => parseSyslog(formatSyslog({ index: 1, leafHash: LEAF_HASH, event: { ...denied, time } }, HOST)).timestamp;
    expect(at('2026-03-01T10:00:00+01:00')).toBe('2026-03-01T10:00:00+01:00');
    expect(at('yesterday')).toBe('-');
    expect(at('2026-03-01 09:00:00Z')).toBe('-');
    expect(at('2026-03-01T09:00:00.1234567Z')).toBe('-');
  });

  it.each([
    ['a hostname with a space', { hostname: 'desk example', appName: 'sealdesk' }],
    ['an empty hostname', { hostname: '', appName: 'sealdesk' }],
    ['a hostname over 255 characters', { hostname: 'h'.repeat(256), appName: 'sealdesk' }],
    ['an app name over 48 characters', { hostname: 'desk', appName: 'a'.repeat(49) }],
    ['a non-ASCII app name', { hostname: 'desk', appName: 'séaldesk' }],
  ])('refuses %s', (_, options) => {
    expect(() => formatSyslog({ index: 0, leafHash: LEAF_HASH, event: denied }, options)).toThrow(
      expect.objectContaining({ code: 'invalid_request' }),
    );
  });

  it('produces a message the strict parser reads back, whatever the event holds', () => {
    // Any Unicode, with the characters that matter to the grammar made common.
    const unit = fc.oneof(fc.constantFrom('"', '\\', ']', '[', '=', ' ', '\n', '-'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }));
    const text = fc.string({ unit, maxLength: 40 });
    const header = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)), minLength: 1, maxLength: 48 });
    const time = fc.oneof(
      fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((date) => date.toISOString()),
      text,
    );
    fc.assert(
      fc.property(
        fc.nat(),
        fc.record({ action: text, outcome: fc.oneof(fc.constantFrom('allowed', 'denied'), text), tenant: fc.option(text), time }),
        fc.boolean(),
        header,
        header,
        (index, fields, pruned, hostname, appName) => {
          const event = { ...denied, action: fields.action, outcome: fields.outcome, time: fields.time, resource: { tenant: fields.tenant } };
          const entry: ExportedEntry = { index, leafHash: LEAF_HASH, event: pruned ? null : (event as unknown as AuditEvent) };
          const parsed = parseSyslog(formatSyslog(entry, { hostname, appName }));

          expect(parsed.version).toBe(1);
          expect(parsed.pri).toBe(13 * 8 + (!pruned && fields.outcome === 'denied' ? 4 : 6));
          expect([parsed.hostname, parsed.appName, parsed.procId]).toEqual([hostname, appName, '-']);
          expect(JSON.parse(parsed.msg!)).toEqual(JSON.parse(formatJsonLine(entry)));
          expect(parsed.data).toHaveLength(1);
          expect(parsed.data[0]!.id).toBe('sealdesk@32473');
          const params = Object.fromEntries(parsed.data[0]!.params);
          if (pruned) {
            expect(params).toEqual({ index: String(index), pruned: 'true' });
            expect(parsed.msgId).toBe('-');
          } else {
            expect(params).toEqual({
              index: String(index),
              action: fields.action,
              outcome: fields.outcome,
              ...(fields.tenant ? { tenant: fields.tenant } : {}),
            });
            expect(parsed.timestamp === '-' || parsed.timestamp === fields.time).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('frameOctetCounted', () => {
  it('prefixes the length in octets, not characters (RFC 5425 §4.3)', () => {
    expect([...frameOctetCounted('é!')]).toEqual([0x33, 0x20, 0xc3, 0xa9, 0x21]);
  });

  it('frames messages that split back exactly, however they are cut', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }), { maxLength: 10 }), (messages) => {
        const { messages: split, rest } = splitOctetCounted(Buffer.concat(messages.map(frameOctetCounted)));
        expect(split).toEqual(messages);
        expect(rest.length).toBe(0);
      }),
    );
  });
});
