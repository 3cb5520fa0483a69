import type { TenantRole } from '../principal.js';
import type { ContentView } from '../views.js';

/**
 * The life of a grant (see the transition table in `grant-transitions.ts`):
 * `pending` → `approved` → `active` → `expired` | `revoked`, or `pending` → `denied`.
 * `approved` means the approvals are complete and the clock is running; `active` means it has
 * been used. Break-glass grants start `active`; auto-approved ones start `approved`.
 */
export const GRANT_STATUSES = ['pending', 'approved', 'active', 'expired', 'revoked', 'denied'] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];

/**
 * What a grant is for: `access` opens conversations in a view; `export` allows one bulk export of
 * the tenant's conversations; `dataset-export` one export of them as a pseudonymised evaluation
 * dataset (only while the tenant opts in to training); `policy-change` carries a proposed,
 * loosening access policy; `retention-change` a proposed retention policy that deletes data
 * sooner (privacy/retention); `key-destruction` destroys the tenant's key for good (keys);
 * `key-provider-change` lets its requester make one change of what holds the tenant key (a BYOK
 * import, a customer-managed key) within its window (keys).
 */
export const GRANT_KINDS = ['access', 'export', 'dataset-export', 'policy-change', 'retention-change', 'key-destruction', 'key-provider-change'] as const;
export type GrantKind = (typeof GRANT_KINDS)[number];

/** Which conversations an access grant covers: named ones, all of one contact's, or the tenant's. */
export type GrantScope =
  | { readonly kind: 'conversations'; readonly conversationIds: readonly string[] }
  | { readonly kind: 'contact'; readonly contactId: string }
  | { readonly kind: 'tenant' };
export type GrantScopeKind = GrantScope['kind'];

/** Who holds the grant: a tenant member or operator staff, with the role they asked under. */
export interface GrantHolder {
  readonly id: string;
  readonly kind: 'member' | 'operator';
  readonly role: string;
}

/** One approval slot: filled by one approver, a distinct person holding any of these roles. */
export type ApproverSlot = readonly TenantRole[];

export interface Approval {
  readonly approverId: string;
  readonly role: TenantRole;
  readonly at: string;
}

export const REVIEW_OUTCOMES = ['justified', 'unjustified'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

/** The post-incident review of a break-glass grant. */
export interface Review {
  readonly reviewerId: string;
  readonly role: string;
  readonly outcome: ReviewOutcome;
  readonly at: string;
}

/**
 * A request for access and, once approved, the grant itself: ids, times and rule names only.
 * The purpose text lives beside it in storage, never in decisions. Times are ISO 8601 UTC.
 */
export interface Grant {
  readonly id: string;
  readonly tenantId: string;
  readonly kind: GrantKind;
  readonly holder: GrantHolder;
  readonly scope: GrantScope;
  /** The view it opens; null for a `policy-change`, `retention-change`, `key-destruction` or `key-provider-change`. */
  readonly view: ContentView | null;
  readonly ticket: string;
  readonly breakGlass: boolean;
  readonly durationMinutes: number;
  readonly status: GrantStatus;
  /** The policy rule that set the approvals it needs (or let it through at once). */
  readonly rule: string;
  readonly requiredApprovals: readonly ApproverSlot[];
  readonly approvals: readonly Approval[];
  readonly createdAt: string;
  /** A pending request lapses (`expired`) at this time. */
  readonly pendingUntil: string;
  readonly approvedAt: string | null;
  readonly activatedAt: string | null;
  /** Set when approved (or activated by break-glass): the end of the grant's window. */
  readonly expiresAt: string | null;
  /** When it was denied, revoked or expired, and by whom (null for expiry). */
  readonly endedAt: string | null;
  readonly endedBy: string | null;
  readonly review: Review | null;
  readonly escalatedAt: string | null;
}
