/**
 * An audit event, v1. Ids, roles and rule names only: never message content or contact PII.
 * Shape from the architecture brief §5: who, what, when, how, why, outcome, request id.
 */
export interface AuditEvent {
  readonly v: 1;
  readonly time: string;
  readonly actor: {
    readonly id: string;
    readonly kind: 'operator' | 'member' | 'contact' | 'system';
    readonly role: string;
    readonly team: string | null;
    readonly tenant: string | null;
  };
  readonly action: AuditAction;
  readonly resource: {
    readonly tenant: string | null;
    readonly conversation?: string;
    readonly contact?: string;
    readonly member?: string;
    readonly fields?: readonly string[];
  };
  readonly channel: AuditChannel;
  readonly reason: { readonly rule: string; readonly grant: string | null; readonly ticket: string | null };
  readonly outcome: 'allowed' | 'denied';
  readonly requestId: string;
  /** Counts and settings an action needs to be understood (e.g. how many entries were pruned); never content. */
  readonly details?: Readonly<Record<string, string | number>>;
}

export const AUDIT_ACTIONS = [
  'installation.initialised',
  'tenant.created',
  'member.created',
  'operator-member.created',
  'conversation.created',
  'conversation.listed',
  'conversation.inspected',
  'conversation.assigned',
  'content.read',
  'message.created',
  'widget.session-started',
  'audit.read',
  'audit.pruned',
  'audit.retention-changed',
  'monitors.changed',
  'alerts.read',
  'alerts.changed',
  'content.read-redacted',
  'access-request.created',
  'access-request.approval-recorded',
  'access-request.approved',
  'access-request.denied',
  'access-request.revoked',
  'access-request.expired',
  'access-request.reviewed',
  'access-request.listed',
  'access-request.inspected',
  'grant.activated',
  'break-glass.activated',
  'break-glass.escalated',
  'access-policy.read',
  'access-policy.changed',
  'team.created',
  'team.member-added',
  'team.member-removed',
  'conversation.queued',
  'member.role-changed',
  'member.removed',
  'conversations.exported',
  'kb.article-created',
  'kb.article-updated',
  'kb.article-deleted',
  'assistant.settings-read',
  'assistant.settings-changed',
  'key.unwrapped',
  'key.unwrap-refused',
  'key.read',
  'key.disabled',
  'key.enabled',
  'key.destroyed',
  'key.rotated',
  'key.rotation-completed',
  'key.status-read',
  'key.import-token-issued',
  'key.imported',
  'key.import-rejected',
  'key.customer-key-adopted',
  'key.customer-key-refused',
  'key.rotation-policy-changed',
  'key.root-rotated',
  'key.root-retired',
  'key.root-rotation-requested',
  'key.root-rotation-policy-changed',
  'retention.read',
  'retention.changed',
  'retention.purge-requested',
  'retention.purge-planned',
  'retention.purge-started',
  'retention.purged',
  'conversation.purged',
  'contact.purged',
  'kb.article-purged',
  'legal-hold.created',
  'legal-hold.released',
  'legal-hold.listed',
  'training.read',
  'training.changed',
  'dataset.exported',
  'backup.created',
  'backup.restored',
  'privacy.subject-exported',
  'privacy.subject-erased',
  'conversation.claimed',
  'conversation.resolved',
  'answer-trace.read',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditChannel = 'api' | 'console' | 'cli' | 'system';

/** Where an event is appended: a tenant's own log, or the operator's log (`operator`). */
export const OPERATOR_LOG = 'operator';
