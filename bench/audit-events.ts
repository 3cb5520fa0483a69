import { canonicalJson, type AuditEvent } from '../src/audit/index.js';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** A deterministic id of the production shape (`<prefix>_` + 26 base32 characters). */
function benchId(prefix: string, n: number): string {
  let body = '';
  for (let rest = n; body.length < 26; rest = Math.floor(rest / 32)) body = BASE32[rest % 32] + body;
  return `${prefix}_${body}`;
}

/**
 * A realistic audit event of the bench's traffic mix (ids only, as in production): 60 % content
 * reads by assigned agents, 10 % denied reads, 20 % metadata listings, 10 % messages written.
 * Deterministic in `n`; `time` spreads events over the days before 2026-03-01.
 */
export function benchEvent(tenant: string, n: number): AuditEvent {
  const kind = n % 10;
  const member = benchId('mem', n % 997);
  const conversation = benchId('cnv', n % 100_003);
  const action = kind < 7 ? 'content.read' : kind < 9 ? 'conversation.listed' : 'message.created';
  return {
    v: 1,
    time: new Date(Date.UTC(2026, 1, 1) + n * 2_000).toISOString(),
    actor: { id: member, kind: 'member', role: 'agent', team: null, tenant },
    action,
    resource: action === 'conversation.listed' ? { tenant } : { tenant, conversation, fields: ['body'] },
    channel: 'api',
    reason: { rule: kind === 6 ? 'agent-not-assigned' : 'assigned-agent', grant: null, ticket: null },
    outcome: kind === 6 ? 'denied' : 'allowed',
    requestId: benchId('req', n),
  };
}

/** The exact leaf bytes the log stores for {@link benchEvent}. */
export function benchEventBody(tenant: string, n: number): string {
  return canonicalJson(benchEvent(tenant, n));
}
