import type { ErrorCode } from '../errors/index.js';
import type { AccessContext } from './access-context.js';
import { approvalRefusal, denialRefusal } from './grants/approval-refusal.js';
import type { Grant, GrantScopeKind } from './grants/grant.js';
import { grantCovers } from './grants/grant-covers.js';
import { reviewRefusal } from './grants/record-review.js';
import { revocationRefusal } from './grants/revoke-grant.js';
import { isLive } from './grants/settle-grant.js';
import { PERMISSION_MATRIX, roleKeyOf, type Action, type Permission } from './permission-matrix.js';
import { matchApprovalRule } from './policy/match-approval-rule.js';
import type { Principal, TenantRole } from './principal.js';
import { inQueue, worksOn } from './queue.js';
import { lesserView, viewRank, type ContentView, type View } from './views.js';

export type { Action } from './permission-matrix.js';

/** Facts about a conversation: ids, where it waits and its status, never content. */
export interface ConversationFacts {
  readonly id: string;
  readonly contactId: string;
  readonly assigneeId: string | null;
  readonly teamId: string | null;
  /** `open` while it waits for the assistant; see `CONVERSATION_STATUSES`. */
  readonly status: string;
}

/** What the decision needs to know about the target; facts only, loaded by the caller. */
export interface Resource {
  readonly tenantId?: string;
  readonly conversation?: ConversationFacts;
  /** For `member.create`: the role being granted and whether the tenant already has an owner. */
  readonly newMember?: { readonly role: string; readonly tenantHasOwner: boolean };
  /** For `member.manage`: the member's current role and the new one (null when removing them). */
  readonly member?: { readonly role: string; readonly newRole: string | null };
  /** For `access-request.create` and `access-request.break-glass`: what is asked for. */
  readonly request?: {
    readonly view: ContentView;
    readonly scope: GrantScopeKind;
    readonly durationMinutes: number;
    /** The named conversations (scope `conversations`). */
    readonly conversations: readonly ConversationFacts[];
  };
  /** For decisions on a request: the request (a grant in any status). */
  readonly grant?: Grant;
  /** For `dataset-export.*`: whether the tenant has opted in to training use of its data (absent: refused). */
  readonly training?: { readonly optedIn: boolean };
  /** For `key.replace`: whether the change attempted is the one `grant` was approved for (absent: refused). */
  readonly keyChange?: { readonly approved: boolean };
}

/** Any allow/deny decision: `rule` is a stable name saying why, recorded in the audit log. */
export interface Decision {
  readonly allow: boolean;
  readonly rule: string;
}

/**
 * What `authorize` decides. For `conversation.read`, `view` is the best view allowed. `grant`
 * names the grant the decision relied on for authority (a read or an export through it), never
 * one it merely concerns. A denial carries the error `code` to answer with (`not_found` for
 * another tenant's resource).
 */
export interface AccessDecision extends Decision {
  readonly view: View | null;
  readonly grant: { readonly id: string; readonly ticket: string } | null;
  readonly code: ErrorCode | null;
}

const allow = (rule: string, extra: Partial<AccessDecision> = {}): AccessDecision => ({ allow: true, rule, view: null, grant: null, code: null, ...extra });
const deny = (rule: string, code: ErrorCode = 'access_denied'): AccessDecision => ({ allow: false, rule, view: null, grant: null, code });

/**
 * The one access decision: a pure function of the principal's role (through the permission
 * matrix), the facts about the resource, and the context — the tenant's policy, the principal's
 * grants and teams, and the time, at which expiry is decided. Denies anything the matrix does
 * not allow; never reads a clock, a database or anything else.
 */
export function authorize(principal: Principal, action: Action, resource: Resource, context: AccessContext): AccessDecision {
  if (crossesTenant(principal, resource)) return deny('other-tenant', 'not_found');
  const permission = PERMISSION_MATRIX[roleKeyOf(principal)][action];
  switch (action) {
    case 'conversation.read':
      return readDecision(principal, permission, resource, context);
    case 'message.create':
      return writeDecision(principal, permission, resource, context);
    case 'conversation.claim':
      return claimDecision(principal, permission, resource, context);
    case 'conversation.resolve':
      return resolveDecision(principal, permission, resource, context);
    case 'access-request.create':
    case 'access-request.break-glass':
      return requestDecision(principal, action, permission, resource, context);
    case 'access-request.approve':
    case 'access-request.deny':
      return decideDecision(principal, action, permission, resource, context);
    case 'access-request.revoke':
      return onRequest(principal, permission, resource, (grant) => revocationRefusal(grant, context.now));
    case 'access-request.review':
      return onRequest(principal, permission, resource, (grant) => reviewRefusal(grant, { id: principal.id, role: roleKeyOf(principal) }));
    case 'access-request.inspect':
      return onRequest(principal, permission, resource, () => undefined);
    case 'export.run':
      return exportDecision(principal, permission, resource, context, 'export');
    case 'dataset-export.request':
      if (permission !== 'yes') return deny('role-not-permitted');
      return optedIn(resource) ? allow('training-opted-in') : deny('training-opted-out', 'training_opted_out');
    case 'dataset-export.run':
      if (permission === 'grant' && !optedIn(resource)) return deny('training-opted-out', 'training_opted_out');
      return exportDecision(principal, permission, resource, context, 'dataset-export');
    case 'member.create':
      return memberCreateDecision(permission, resource);
    case 'member.manage':
      return memberManageDecision(permission, resource);
    case 'key.rotate':
    case 'key.status':
    case 'key-rotation-policy.update':
      return keyDecision(principal, permission, resource);
    case 'key.replace':
      return keyReplaceDecision(principal, permission, resource, context);
    case 'conversation.list':
    case 'conversation.create':
    case 'widget.session':
      return permission === 'yes' || permission === 'own' ? allow('role-permits') : deny('role-not-permitted');
    default:
      return permission === 'yes' ? allow('role-permits') : deny('role-not-permitted');
  }
}

/** Members and contacts act only inside their own tenant; contacts always name it. */
function crossesTenant(principal: Principal, resource: Resource): boolean {
  if (principal.kind === 'contact') return resource.tenantId !== principal.tenantId;
  return principal.kind === 'member' && resource.tenantId !== undefined && resource.tenantId !== principal.tenantId;
}

function readDecision(principal: Principal, permission: Permission, resource: Resource, context: AccessContext): AccessDecision {
  const conversation = resource.conversation;
  if (!conversation) return deny('no-conversation');
  const standing = standingView(principal, permission, conversation, context);
  const granted = bestGrant(principal, resource, context);
  if (granted && (!standing || viewRank(granted.view) > viewRank(standing.view))) {
    return allow(granted.grant.breakGlass ? 'break-glass' : 'grant', {
      view: granted.view,
      grant: { id: granted.grant.id, ticket: granted.grant.ticket },
    });
  }
  if (!standing) return deny(permission === 'own' ? 'not-own-conversation' : 'role-not-permitted');
  return allow(standing.rule, { view: standing.view });
}

function standingView(
  principal: Principal,
  permission: Permission,
  conversation: ConversationFacts,
  context: AccessContext,
): { view: View; rule: string } | undefined {
  switch (permission) {
    case 'full':
      return { view: 'full', rule: 'tenant-wide-content' };
    case 'masked':
      return { view: 'masked', rule: 'metadata-only' };
    case 'queue':
      if (conversation.assigneeId === principal.id) return { view: 'full', rule: 'assigned' };
      if (worksOn(conversation, principal.id, context.teamIds)) return { view: 'full', rule: 'team-queue' };
      return { view: 'masked', rule: 'not-in-queue' };
    case 'own':
      return conversation.contactId === principal.id ? { view: 'full', rule: 'contact-own-conversation' } : undefined;
    case 'awaiting-ai':
      return awaitsAssistant(conversation) ? { view: 'full', rule: 'awaiting-assistant' } : undefined;
    default:
      return undefined;
  }
}

/** Whether the conversation waits for the assistant: a customer wrote and no human has taken it. */
function awaitsAssistant(conversation: ConversationFacts): boolean {
  return conversation.status === 'open';
}

/**
 * The live access grant giving the most on this conversation, capped at what the principal's
 * role may hold; none for roles that may not ask for access, and none for operator staff when
 * the tenant forbids operator access.
 */
function bestGrant(principal: Principal, resource: Resource, context: AccessContext): { grant: Grant; view: ContentView } | undefined {
  const conversation = resource.conversation;
  const cap = grantCap(principal, context);
  if (!conversation || cap === undefined) return undefined;
  let best: { grant: Grant; view: ContentView } | undefined;
  for (const grant of context.grants) {
    if (grant.kind !== 'access' || grant.view === null || !holds(principal, grant, resource)) continue;
    if (!grantCovers(grant, conversation) || !isLive(grant, context.now)) continue;
    const view = lesserView(grant.view, cap) as ContentView;
    if (!best || viewRank(view) > viewRank(best.view)) best = { grant, view };
  }
  return best;
}

/** The most a grant may show this principal, or `undefined` when grants do not apply to it. */
function grantCap(principal: Principal, context: AccessContext): ContentView | undefined {
  if (principal.kind === 'operator' && context.policy.operatorAccess === 'forbidden') return undefined;
  const row = PERMISSION_MATRIX[roleKeyOf(principal)];
  const request = row['access-request.create'];
  if (request === 'full') return 'full';
  if (request === 'redacted') return 'redacted';
  return row['access-request.break-glass'] === 'yes' ? 'full' : undefined;
}

/** Whether the grant was given to this principal, under this role, on this resource's tenant. */
function holds(principal: Principal, grant: Grant, resource: Resource): boolean {
  if (principal.kind !== 'member' && principal.kind !== 'operator') return false;
  return (
    grant.holder.id === principal.id &&
    grant.holder.kind === principal.kind &&
    grant.holder.role === principal.role &&
    grant.tenantId === resource.tenantId
  );
}

function writeDecision(principal: Principal, permission: Permission, resource: Resource, context: AccessContext): AccessDecision {
  const conversation = resource.conversation;
  if (!conversation) return deny('no-conversation');
  switch (permission) {
    case 'yes':
      return allow('tenant-wide-content');
    case 'queue':
      if (conversation.assigneeId === principal.id) return allow('assigned');
      return worksOn(conversation, principal.id, context.teamIds) ? allow('team-queue') : deny('not-in-queue', 'content_access_denied');
    case 'own':
      return conversation.contactId === principal.id ? allow('contact-own-conversation') : deny('not-own-conversation');
    case 'awaiting-ai':
      return awaitsAssistant(conversation) ? allow('awaiting-assistant') : deny('not-awaiting-assistant');
    default: {
      const metadata = PERMISSION_MATRIX[roleKeyOf(principal)]['conversation.read'] === 'masked';
      return deny('role-not-permitted', metadata ? 'content_access_denied' : 'access_denied');
    }
  }
}

/** Claiming: a member takes a conversation of their queue (or, for `yes`, any) for themselves. */
function claimDecision(principal: Principal, permission: Permission, resource: Resource, context: AccessContext): AccessDecision {
  const conversation = resource.conversation;
  if (!conversation) return deny('no-conversation');
  if (permission === 'yes') return allow('role-permits');
  if (permission === 'queue') return inQueue(conversation, principal.id, context.teamIds) ? allow('in-queue') : deny('not-in-queue');
  return deny('role-not-permitted');
}

/** Resolving: anyone the matrix says `yes`, a member on the conversations they work, a contact on their own. */
function resolveDecision(principal: Principal, permission: Permission, resource: Resource, context: AccessContext): AccessDecision {
  const conversation = resource.conversation;
  if (!conversation) return deny('no-conversation');
  switch (permission) {
    case 'yes':
      return allow('role-permits');
    case 'queue':
      if (conversation.assigneeId === principal.id) return allow('assigned');
      return worksOn(conversation, principal.id, context.teamIds) ? allow('team-queue') : deny('not-in-queue');
    case 'own':
      return conversation.contactId === principal.id ? allow('contact-own-conversation') : deny('not-own-conversation');
    default:
      return deny('role-not-permitted');
  }
}

function requestDecision(
  principal: Principal,
  action: 'access-request.create' | 'access-request.break-glass',
  permission: Permission,
  resource: Resource,
  context: AccessContext,
): AccessDecision {
  const request = resource.request;
  const row = PERMISSION_MATRIX[roleKeyOf(principal)];
  if (permission === 'no' || !request || (principal.kind !== 'member' && principal.kind !== 'operator')) return deny('role-not-permitted');
  if (row['access-request.create'] === 'redacted' && request.view === 'full') return deny('redacted-only');
  if (principal.kind === 'operator' && context.policy.operatorAccess === 'forbidden') {
    return deny('tenant-forbids-operator-access', 'operator_access_forbidden');
  }
  if (action === 'access-request.break-glass') {
    if (!context.policy.breakGlass.allowed) return deny('break-glass-disallowed');
    if (request.durationMinutes > context.policy.breakGlass.maxMinutes) return deny('duration-exceeds-policy', 'duration_exceeds_policy');
    return allow('break-glass');
  }
  if (request.durationMinutes > context.policy.maxGrantMinutes) return deny('duration-exceeds-policy', 'duration_exceeds_policy');
  const rule = matchApprovalRule(context.policy, {
    requester: { kind: principal.kind, role: principal.role },
    view: request.view,
    scope: request.scope,
    durationMinutes: request.durationMinutes,
    allInRequesterQueue:
      principal.kind === 'member' &&
      request.scope === 'conversations' &&
      request.conversations.every((conversation) => inQueue(conversation, principal.id, context.teamIds)),
  });
  return rule ? allow(rule.name) : deny('no-policy-rule');
}

function decideDecision(
  principal: Principal,
  action: 'access-request.approve' | 'access-request.deny',
  permission: Permission,
  resource: Resource,
  context: AccessContext,
): AccessDecision {
  const grant = resource.grant;
  if (permission !== 'policy' || principal.kind !== 'member' || !grant) return deny('role-not-permitted');
  const approver = { id: principal.id, role: principal.role satisfies TenantRole };
  const refusal = action === 'access-request.approve' ? approvalRefusal(grant, approver, context.now) : denialRefusal(grant, approver, context.now);
  return refusal === undefined ? allow(grant.rule) : deny(REFUSAL_RULES[refusal] ?? 'refused', refusal);
}

/** Revoke, review and inspect: anyone the matrix says `yes`, or the requester for `own`. */
function onRequest(
  principal: Principal,
  permission: Permission,
  resource: Resource,
  refusalOf: (grant: Grant) => ErrorCode | undefined,
): AccessDecision {
  const grant = resource.grant;
  if (!grant) return deny('no-request');
  const mine = grant.holder.id === principal.id;
  if (permission === 'no' || (permission === 'own' && !mine)) return deny(permission === 'own' ? 'not-own-request' : 'role-not-permitted');
  const refusal = refusalOf(grant);
  if (refusal !== undefined) return deny(REFUSAL_RULES[refusal] ?? 'refused', refusal);
  return allow(mine ? 'own-request' : 'role-permits');
}

/**
 * A bulk export (or an evaluation dataset export) needs the requester's own live,
 * dual-control-approved grant of that kind, unused: it opens one export.
 */
function exportDecision(
  principal: Principal,
  permission: Permission,
  resource: Resource,
  context: AccessContext,
  kind: 'export' | 'dataset-export',
): AccessDecision {
  if (permission !== 'grant') return deny('role-not-permitted');
  const grant = context.grants.find(
    (candidate) => candidate.id === resource.grant?.id && candidate.kind === kind && holds(principal, candidate, resource) && isLive(candidate, context.now),
  );
  if (!grant) return deny('no-live-grant', 'dual_control_required');
  if (grant.status !== 'approved') return deny('export-already-run', 'grant_state_conflict');
  return allow(kind === 'export' ? 'dual-control-export' : 'dual-control-dataset-export', { grant: { id: grant.id, ticket: grant.ticket } });
}

/**
 * A change of what holds the tenant key (BYOK import, customer-managed key) needs the requester's
 * own live, dual-control-approved `key-provider-change` grant, for this very change. It stays
 * usable (a refused wrapping or PIN does not spend it) until the change is made, which ends it.
 */
function keyReplaceDecision(principal: Principal, permission: Permission, resource: Resource, context: AccessContext): AccessDecision {
  if (permission !== 'grant') return deny('role-not-permitted');
  const grant = context.grants.find(
    (candidate) => candidate.id === resource.grant?.id && candidate.kind === 'key-provider-change' && holds(principal, candidate, resource) && isLive(candidate, context.now),
  );
  if (!grant) return deny('no-live-grant', 'dual_control_required');
  if (resource.keyChange?.approved !== true) return deny('key-change-not-approved', 'dual_control_required');
  return allow('dual-control-key-provider-change', { grant: { id: grant.id, ticket: grant.ticket } });
}

/** Whether the tenant opted in to training use of its data; fails closed when the fact is missing. */
function optedIn(resource: Resource): boolean {
  return resource.training?.optedIn === true;
}

function memberCreateDecision(permission: Permission, resource: Resource): AccessDecision {
  const role = resource.newMember?.role;
  switch (permission) {
    case 'yes':
      return allow('role-permits');
    case 'non-owner':
      return role === 'owner' ? deny('owner-only') : allow('role-permits');
    case 'first-owner':
      if (role !== 'owner' || resource.newMember?.tenantHasOwner !== false) return deny('operator-creates-first-owner-only');
      return allow('operator-creates-first-owner');
    default:
      return deny('role-not-permitted');
  }
}

/**
 * Keys of a tenant (`resource.tenantId`) or of the installation (none): `yes` is a tenant's own
 * keys for its members, any for the system; `installation` the installation's only.
 */
function keyDecision(principal: Principal, permission: Permission, resource: Resource): AccessDecision {
  const installation = resource.tenantId === undefined;
  if (permission === 'installation') return installation ? allow('installation-keys') : deny('installation-keys-only');
  if (permission !== 'yes') return deny('role-not-permitted');
  return installation && principal.kind !== 'system' ? deny('tenant-keys-only') : allow('role-permits');
}

function memberManageDecision(permission: Permission, resource: Resource): AccessDecision {
  const target = resource.member;
  if (!target) return deny('no-member');
  if (permission === 'yes') return allow('role-permits');
  if (permission === 'non-owner') return target.role === 'owner' || target.newRole === 'owner' ? deny('owner-only') : allow('role-permits');
  return deny('role-not-permitted');
}

const REFUSAL_RULES: Partial<Record<ErrorCode, string>> = {
  self_approval_forbidden: 'own-request',
  grant_expired: 'lapsed',
  grant_state_conflict: 'wrong-status',
  approver_not_eligible: 'approver-not-needed',
};
