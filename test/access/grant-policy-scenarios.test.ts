import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  activateGrant,
  applyApproval,
  applyDenial,
  canTransition,
  DEFAULT_ACCESS_POLICY,
  GRANT_STATUSES,
  isTightening,
  newGrant,
  recordReview,
  revokeGrant,
  settleGrant,
  type AccessPolicy,
  type ApproverSlot,
  type Grant,
  type TenantRole,
} from '../../src/access/index.js';
import { isSealdeskError } from '../../src/errors/index.js';

/**
 * Policy scenarios as tables, walked by a fixed cast: the requester, the approver (a manager),
 * a second manager, the security officer, the owner, and the break-glass engineer.
 */
const cast = {
  requester: { id: 'mem_requester', role: 'agent' },
  approver: { id: 'mem_approver', role: 'manager' },
  secondManager: { id: 'mem_manager2', role: 'manager' },
  security: { id: 'mem_security', role: 'security' },
  owner: { id: 'mem_owner', role: 'owner' },
  breakGlassEngineer: { id: 'mem_engineer', role: 'engineer' },
} as const satisfies Record<string, { id: string; role: string }>;
type Who = keyof typeof cast;

const T0 = new Date('2026-03-01T09:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

function request(slots: readonly ApproverSlot[], init: Partial<Grant> = {}): Grant {
  return newGrant(
    {
      id: 'acr_scenario',
      tenantId: 'ten_acme',
      kind: 'access',
      holder: { id: cast.requester.id, kind: 'member', role: cast.requester.role },
      scope: { kind: 'conversations', conversationIds: ['cnv_1'] },
      view: 'full',
      ticket: 'INC-42',
      breakGlass: false,
      durationMinutes: 120,
      rule: 'scenario',
      requiredApprovals: slots,
      ...init,
    },
    'pending',
    T0,
    60,
  );
}

type Step = [who: Who, verb: 'approve' | 'deny', atMinute: number, expect: Grant['status'] | `error:${string}`];

const approvalScenarios: [string, ApproverSlot[], Step[]][] = [
  ['a manager approves a member request', [['manager', 'admin', 'owner']], [['approver', 'approve', 5, 'approved']]],
  ['the requester cannot approve their own request', [['manager', 'admin', 'owner']], [['requester', 'approve', 5, 'error:self_approval_forbidden']]],
  ['the requester cannot deny it either (they revoke it)', [['manager', 'admin', 'owner']], [['requester', 'deny', 5, 'error:self_approval_forbidden']]],
  ['a security officer cannot fill a manager slot', [['manager', 'admin', 'owner']], [['security', 'approve', 5, 'error:approver_not_eligible']]],
  [
    'two-person rule: manager, then security officer',
    [['manager'], ['security']],
    [
      ['approver', 'approve', 5, 'pending'],
      ['security', 'approve', 10, 'approved'],
    ],
  ],
  [
    'two-person rule: the same manager twice does not count',
    [['manager'], ['security']],
    [
      ['approver', 'approve', 5, 'pending'],
      ['approver', 'approve', 6, 'error:approver_not_eligible'],
    ],
  ],
  [
    'two-person rule: a second manager cannot stand in for security',
    [['manager'], ['security']],
    [
      ['approver', 'approve', 5, 'pending'],
      ['secondManager', 'approve', 6, 'error:approver_not_eligible'],
    ],
  ],
  [
    'two slots of one role need two distinct managers',
    [['manager'], ['manager']],
    [
      ['approver', 'approve', 5, 'pending'],
      ['secondManager', 'approve', 6, 'approved'],
    ],
  ],
  [
    'an early approval moves to the slot only it can fill',
    [['manager', 'security'], ['security']],
    [
      ['security', 'approve', 5, 'pending'],
      ['approver', 'approve', 6, 'approved'],
    ],
  ],
  ['a request nobody decided lapses after an hour', [['manager']], [['approver', 'approve', 60, 'error:grant_expired']]],
  [
    'a denied request stays denied',
    [['manager', 'owner']],
    [
      ['owner', 'deny', 5, 'denied'],
      ['approver', 'approve', 6, 'error:grant_state_conflict'],
    ],
  ],
  ['a role the policy does not name cannot deny', [['manager']], [['security', 'deny', 5, 'error:approver_not_eligible']]],
];

describe('approvals, step by step', () => {
  it.each(approvalScenarios)('%s', (_name, slots, steps) => {
    let grant = request(slots);
    for (const [who, verb, at, expected] of steps) {
      const approver = { id: cast[who].id, role: cast[who].role as TenantRole };
      const apply = () => (verb === 'approve' ? applyApproval(grant, approver, minutes(at)) : applyDenial(grant, approver, minutes(at)));
      if (expected.startsWith('error:')) {
        expect(apply).toThrow(expect.objectContaining({ code: expected.slice('error:'.length) }));
        continue;
      }
      grant = apply();
      expect(grant.status).toBe(expected);
    }
  });

  it('opens the window at the last approval, for the requested duration', () => {
    const approved = applyApproval(request([['manager']]), { id: cast.approver.id, role: 'manager' }, minutes(30));
    expect(approved).toMatchObject({ status: 'approved', approvedAt: minutes(30).toISOString(), expiresAt: minutes(150).toISOString() });
    expect(approved.approvals).toEqual([{ approverId: cast.approver.id, role: 'manager', at: minutes(30).toISOString() }]);
  });
});

const live = applyApproval(request([['manager']]), { id: cast.approver.id, role: 'manager' }, minutes(0));

const lifecycle: [string, () => Grant, Grant['status'] | `error:${string}`][] = [
  ['first use activates an approved grant', () => activateGrant(live, minutes(1)), 'active'],
  ['an active grant is still live until its deadline', () => settleGrant(activateGrant(live, minutes(1)), minutes(119)), 'active'],
  ['at its deadline a grant is expired, whatever was stored', () => settleGrant(activateGrant(live, minutes(1)), minutes(120)), 'expired'],
  ['the requester withdraws a pending request', () => revokeGrant(request([['manager']]), cast.requester.id, minutes(5)), 'revoked'],
  ['the security officer revokes a live grant', () => revokeGrant(live, cast.security.id, minutes(5)), 'revoked'],
  ['an expired grant cannot be revoked', () => revokeGrant(live, cast.security.id, minutes(121)), 'error:grant_expired'],
  ['a revoked grant cannot be activated', () => activateGrant(revokeGrant(live, cast.security.id, minutes(5)), minutes(6)), 'error:grant_state_conflict'],
  ['a pending request cannot be activated', () => activateGrant(request([['manager']]), minutes(1)), 'error:grant_state_conflict'],
];

describe('the grant lifecycle', () => {
  it.each(lifecycle)('%s', (_name, run, expected) => {
    if (expected.startsWith('error:')) expect(run).toThrow(expect.objectContaining({ code: expected.slice('error:'.length) }));
    else expect(run().status).toBe(expected);
  });

  const breakGlass = newGrant(
    { ...request([]), holder: { id: cast.breakGlassEngineer.id, kind: 'operator', role: 'engineer' }, breakGlass: true, durationMinutes: 60 },
    'active',
    T0,
    60,
  );

  it.each([
    ['the security officer reviews a break-glass', 'security', 'justified'],
    ['the break-glass engineer cannot review their own', 'breakGlassEngineer', 'error:self_approval_forbidden'],
  ] as const)('%s', (_name, who, expected) => {
    const review = () => recordReview(breakGlass, { id: cast[who].id, role: cast[who].role }, 'justified', minutes(90));
    if (expected.startsWith('error:')) expect(review).toThrow(expect.objectContaining({ code: expected.slice(6) }));
    else expect(review().review).toMatchObject({ reviewerId: cast[who].id, outcome: expected });
  });

  it('reviews a break-glass once, and only a break-glass', () => {
    const reviewed = recordReview(breakGlass, { id: cast.security.id, role: 'security' }, 'unjustified', minutes(90));
    expect(() => recordReview(reviewed, { id: cast.owner.id, role: 'owner' }, 'justified', minutes(91))).toThrow(
      expect.objectContaining({ code: 'grant_state_conflict' }),
    );
    expect(() => recordReview(live, { id: cast.security.id, role: 'security' }, 'justified', minutes(1))).toThrow(
      expect.objectContaining({ code: 'grant_state_conflict' }),
    );
  });

  it('never changes status except along the transition table (property)', () => {
    const people = Object.values(cast).map((member) => ({ id: member.id, role: member.role as TenantRole }));
    const operation = fc.record({
      kind: fc.constantFrom('approve', 'deny', 'revoke', 'activate', 'settle'),
      who: fc.constantFrom(...people),
      after: fc.integer({ min: 0, max: 200 }),
    });
    const slots = fc.constantFrom<ApproverSlot[][]>([], [['manager']], [['manager'], ['security']], [['manager', 'owner'], ['security', 'owner']]);
    fc.assert(
      fc.property(slots, fc.array(operation, { maxLength: 12 }), (required, operations) => {
        let grant = required.length === 0 ? newGrant(request([]), 'approved', T0, 60) : request(required);
        let at = 0;
        for (const { kind, who, after } of operations) {
          at += after;
          const now = minutes(at);
          const before = grant;
          try {
            if (kind === 'approve') grant = applyApproval(grant, who, now);
            else if (kind === 'deny') grant = applyDenial(grant, who, now);
            else if (kind === 'revoke') grant = revokeGrant(grant, who.id, now);
            else if (kind === 'activate') grant = activateGrant(grant, now);
            else grant = settleGrant(grant, now);
          } catch (error) {
            if (!isSealdeskError(error)) throw error;
          }
          if (grant.status !== before.status) expect(canTransition(before.status, grant.status)).toBe(true);
          if (['expired', 'revoked', 'denied'].includes(before.status)) expect(grant).toBe(before);
          if (grant.approvals.some((approval) => approval.approverId === grant.holder.id)) throw new Error('self-approval recorded');
          expect(new Set(grant.approvals.map((approval) => approval.approverId)).size).toBe(grant.approvals.length);
        }
        expect(GRANT_STATUSES).toContain(grant.status);
      }),
    );
  });
});

const tighter = (change: (policy: AccessPolicy) => AccessPolicy) => change(DEFAULT_ACCESS_POLICY);

describe('which policy changes need dual control', () => {
  it.each([
    ['no change', DEFAULT_ACCESS_POLICY, true],
    ['forbidding operator access', tighter((p) => ({ ...p, operatorAccess: 'forbidden' })), true],
    ['shorter grants', tighter((p) => ({ ...p, maxGrantMinutes: 60 })), true],
    ['turning break-glass off', tighter((p) => ({ ...p, breakGlass: { ...p.breakGlass, allowed: false } })), true],
    ['longer grants', tighter((p) => ({ ...p, maxGrantMinutes: 24 * 60 })), false],
    ['longer break-glass', tighter((p) => ({ ...p, breakGlass: { ...p.breakGlass, maxMinutes: 120 } })), false],
    ['a later review deadline', tighter((p) => ({ ...p, breakGlass: { ...p.breakGlass, reviewWithinHours: 72 } })), false],
    ['any change to the rules', tighter((p) => ({ ...p, rules: p.rules.slice(1) })), false],
    ['any change to the dual-control approvers', tighter((p) => ({ ...p, dualControl: { approvers: [['owner'], ['security']] } })), false],
  ] as const)('%s → tightening: %s', (_name, proposed, tightening) => {
    expect(isTightening(DEFAULT_ACCESS_POLICY, proposed)).toBe(tightening);
  });

  it('counts allowing operator access again as loosening', () => {
    const forbidden = tighter((p) => ({ ...p, operatorAccess: 'forbidden' }));
    expect(isTightening(forbidden, DEFAULT_ACCESS_POLICY)).toBe(false);
  });
});
