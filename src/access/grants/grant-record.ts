import { SealdeskError } from '../../errors/index.js';
import type { AccessApprovalRow, AccessGrantRow, NewAccessGrantRow } from '../../store/index.js';
import type { TenantRole } from '../principal.js';
import type { ContentView } from '../views.js';
import { GRANT_KINDS, GRANT_STATUSES, type ApproverSlot, type Grant, type GrantKind, type GrantScope, type GrantStatus, type ReviewOutcome } from './grant.js';

/** A stored request and its approvals as a `Grant`. Throws `internal` for a row no code wrote. */
export function grantFromRow(row: AccessGrantRow, approvals: readonly AccessApprovalRow[]): Grant {
  if (!(GRANT_STATUSES as readonly string[]).includes(row.status) || !(GRANT_KINDS as readonly string[]).includes(row.kind)) {
    throw new SealdeskError('internal', { detail: `access grant ${row.id} has an unknown status or kind` });
  }
  return {
    id: row.id,
    tenantId: row.tenant_id,
    kind: row.kind as GrantKind,
    holder: { id: row.holder_id, kind: row.holder_kind === 'operator' ? 'operator' : 'member', role: row.holder_role },
    scope: scopeFromRow(row),
    view: row.view as ContentView | null,
    ticket: row.ticket,
    breakGlass: Number(row.break_glass) === 1,
    durationMinutes: Number(row.duration_minutes),
    status: row.status as GrantStatus,
    rule: row.rule,
    requiredApprovals: JSON.parse(row.required_approvals) as ApproverSlot[],
    approvals: approvals
      .filter((approval) => approval.grant_id === row.id)
      .map((approval) => ({ approverId: approval.approver_id, role: approval.approver_role as TenantRole, at: approval.created_at })),
    createdAt: row.created_at,
    pendingUntil: row.pending_until,
    approvedAt: row.approved_at,
    activatedAt: row.activated_at,
    expiresAt: row.expires_at,
    endedAt: row.ended_at,
    endedBy: row.ended_by,
    review:
      row.reviewed_by === null || row.reviewed_at === null
        ? null
        : { reviewerId: row.reviewed_by, role: row.reviewer_role ?? '', outcome: row.review_outcome as ReviewOutcome, at: row.reviewed_at },
    escalatedAt: row.escalated_at,
  };
}

/** A new request's row; `purpose` must already be redacted. */
export function grantToRow(grant: Grant, purpose: string, payload: string | null): NewAccessGrantRow {
  return {
    id: grant.id,
    tenant_id: grant.tenantId,
    kind: grant.kind,
    holder_id: grant.holder.id,
    holder_kind: grant.holder.kind,
    holder_role: grant.holder.role,
    scope_kind: grant.scope.kind,
    conversation_ids: grant.scope.kind === 'conversations' ? JSON.stringify(grant.scope.conversationIds) : null,
    contact_id: grant.scope.kind === 'contact' ? grant.scope.contactId : null,
    view: grant.view,
    purpose,
    ticket: grant.ticket,
    break_glass: grant.breakGlass ? 1 : 0,
    duration_minutes: grant.durationMinutes,
    status: grant.status,
    rule: grant.rule,
    required_approvals: JSON.stringify(grant.requiredApprovals),
    payload,
    created_at: grant.createdAt,
    pending_until: grant.pendingUntil,
    approved_at: grant.approvedAt,
    activated_at: grant.activatedAt,
    expires_at: grant.expiresAt,
    ended_at: grant.endedAt,
    ended_by: grant.endedBy,
    reviewed_by: null,
    reviewer_role: null,
    review_outcome: null,
    review_notes: null,
    reviewed_at: null,
    escalated_at: null,
  };
}

/** The columns a transition changes: status, times and who ended it. */
export function grantStatusColumns(grant: Grant) {
  return {
    status: grant.status,
    approved_at: grant.approvedAt,
    activated_at: grant.activatedAt,
    expires_at: grant.expiresAt,
    ended_at: grant.endedAt,
    ended_by: grant.endedBy,
  };
}

function scopeFromRow(row: AccessGrantRow): GrantScope {
  if (row.scope_kind === 'conversations') return { kind: 'conversations', conversationIds: JSON.parse(row.conversation_ids ?? '[]') as string[] };
  if (row.scope_kind === 'contact' && row.contact_id !== null) return { kind: 'contact', contactId: row.contact_id };
  return { kind: 'tenant' };
}
