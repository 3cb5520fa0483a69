import type { ApproverSlot, GrantScopeKind } from '../grants/grant.js';
import type { ContentView } from '../views.js';

/** No grant lasts longer than 14 days, whatever a policy says. */
export const HARD_MAX_GRANT_MINUTES = 14 * 24 * 60;
/** No break-glass grant lasts longer than 4 hours, whatever a policy says. */
export const HARD_MAX_BREAK_GLASS_MINUTES = 4 * 60;

/**
 * A tenant's access policy: what auto-approves, who approves the rest and how many, how long
 * grants last, whether operator staff may ask at all, break-glass limits, and who must approve
 * the dual-control operations (bulk export, loosening this policy).
 */
export interface AccessPolicy {
  /**
   * `lockbox`: operator staff may ask for access, and need this tenant's approval (the
   * `operator` rules); `forbidden`: they may not, break-glass included, and live operator grants
   * stop working.
   */
  readonly operatorAccess: 'lockbox' | 'forbidden';
  /** The longest grant a request may ask for (at most `HARD_MAX_GRANT_MINUTES`). */
  readonly maxGrantMinutes: number;
  /** A request nobody has decided on lapses after this long. */
  readonly pendingLapseMinutes: number;
  /** Access rules, first match wins; a request no rule matches is refused. */
  readonly rules: readonly ApprovalRule[];
  readonly breakGlass: {
    /** Whether anyone (tenant member or operator staff) may break the glass on this tenant. */
    readonly allowed: boolean;
    readonly maxMinutes: number;
    /** An unreviewed break-glass grant escalates this long after it was activated. */
    readonly reviewWithinHours: number;
  };
  /** The approvals bulk export and loosening this policy need: at least two slots, distinct people. */
  readonly dualControl: { readonly approvers: readonly ApproverSlot[] };
  /**
   * What the key layer itself refuses, whatever the gate above it decided: the tenant's keys are
   * not unwrapped or used for these classes of access (see `refusedKeyClass`).
   */
  readonly keyLayer: { readonly refuse: readonly KeyRefusalClass[] };
}

/**
 * Classes of access a tenant's key policy can refuse: `operator` — anything operator staff do,
 * lockbox grants included; `break-glass` — anything under a break-glass grant; `grant` — anything
 * under a just-in-time grant (standing access of the tenant's own members only).
 */
export const KEY_REFUSAL_CLASSES = ['operator', 'break-glass', 'grant'] as const;
export type KeyRefusalClass = (typeof KEY_REFUSAL_CLASSES)[number];

/**
 * When a rule matches an access request, and the approvals it then needs. Omitted conditions
 * match anything. `approvers: []` approves at once.
 */
export interface ApprovalRule {
  readonly name: string;
  readonly requester: 'member' | 'operator';
  /** Roles of the requester (tenant roles for members, operator roles for staff). */
  readonly roles?: readonly string[] | undefined;
  readonly views?: readonly ContentView[] | undefined;
  readonly scopes?: readonly GrantScopeKind[] | undefined;
  /** Only when every named conversation is in the requester's queue (see `inQueue`). */
  readonly onlyInRequesterQueue?: boolean | undefined;
  /** Only for requests of at most this many minutes. */
  readonly maxMinutes?: number | undefined;
  readonly approvers: readonly ApproverSlot[];
}

/** The policy of a tenant that has not set one. See docs/access-control.md. */
export const DEFAULT_ACCESS_POLICY: AccessPolicy = {
  operatorAccess: 'lockbox',
  maxGrantMinutes: 8 * 60,
  pendingLapseMinutes: 60,
  rules: [
    {
      name: 'agent-redacted-in-queue',
      requester: 'member',
      roles: ['agent'],
      views: ['redacted'],
      scopes: ['conversations'],
      onlyInRequesterQueue: true,
      maxMinutes: 60,
      approvers: [],
    },
    { name: 'member-conversations', requester: 'member', scopes: ['conversations', 'contact'], approvers: [['manager', 'admin', 'owner']] },
    { name: 'member-whole-tenant', requester: 'member', scopes: ['tenant'], approvers: [['manager', 'admin', 'owner'], ['security']] },
    { name: 'operator-lockbox', requester: 'operator', approvers: [['security', 'owner']] },
  ],
  breakGlass: { allowed: true, maxMinutes: 60, reviewWithinHours: 24 },
  dualControl: { approvers: [['manager'], ['security']] },
  keyLayer: { refuse: [] },
};
