import { OPERATOR_LOG, type AuditAction, type AuditEvent, type AuditLog } from '../audit/index.js';
import type { Clock, RequestContext } from '../common/index.js';
import { SealdeskError } from '../errors/index.js';
import { roleOf, tenantOf, type Principal } from './principal.js';

/** What an access event names: ids, field names, rule names and counts; never content. */
export interface AccessEvent {
  readonly action: AuditAction;
  /** The tenant whose log records it; null for the operator's log. */
  readonly tenantId: string | null;
  readonly outcome: 'allowed' | 'denied';
  readonly rule: string;
  readonly grant?: string | null | undefined;
  readonly ticket?: string | null | undefined;
  readonly team?: string | null | undefined;
  readonly conversation?: string | undefined;
  readonly contact?: string | undefined;
  readonly member?: string | undefined;
  readonly fields?: readonly string[] | undefined;
  readonly details?: Readonly<Record<string, string | number>> | undefined;
}

/**
 * Appends one event to the log of the tenant it concerns (or the operator's) and resolves once it
 * is durable. A failed append throws `audit_unavailable`: callers act only after this resolves,
 * so nothing happens unrecorded.
 */
export async function recordAccessEvent(
  deps: { readonly audit: AuditLog; readonly clock: Clock },
  principal: Principal,
  request: RequestContext,
  event: AccessEvent,
): Promise<void> {
  const actor = { id: principal.id, kind: principal.kind, role: roleOf(principal), team: event.team ?? null, tenant: tenantOf(principal) };
  await appendAccessEntry(deps, actor, request, event);
}

/** `recordAccessEvent` for an actor already described as the audit log names it. */
export async function appendAccessEntry(
  deps: { readonly audit: AuditLog; readonly clock: Clock },
  actor: AuditEvent['actor'],
  request: RequestContext,
  event: AccessEvent,
): Promise<void> {
  const entry: AuditEvent = {
    v: 1,
    time: deps.clock.now().toISOString(),
    actor,
    action: event.action,
    resource: {
      tenant: event.tenantId,
      ...(event.conversation !== undefined && { conversation: event.conversation }),
      ...(event.contact !== undefined && { contact: event.contact }),
      ...(event.member !== undefined && { member: event.member }),
      ...(event.fields !== undefined && { fields: event.fields }),
    },
    channel: request.channel,
    reason: { rule: event.rule, grant: event.grant ?? null, ticket: event.ticket ?? null },
    outcome: event.outcome,
    requestId: request.requestId,
    ...(event.details !== undefined && { details: event.details }),
  };
  try {
    await deps.audit.append(event.tenantId ?? OPERATOR_LOG, entry);
  } catch (cause) {
    throw new SealdeskError('audit_unavailable', { detail: 'audit append failed', cause });
  }
}
