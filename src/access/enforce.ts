import { OPERATOR_LOG, type AuditAction, type AuditEvent, type AuditLog } from '../audit/index.js';
import type { Clock, RequestContext } from '../common/index.js';
import { SealdeskError } from '../errors/index.js';
import { authorize, type Action, type Decision, type Resource } from './authorize.js';
import { roleOf, tenantOf, type Principal } from './principal.js';

export interface EnforcementDeps {
  readonly audit: AuditLog;
  readonly clock: Clock;
}

/** What the audit event names besides the principal: ids and field names, never values. */
export interface AuditTarget {
  readonly action: AuditAction;
  readonly conversation?: string;
  readonly contact?: string;
  readonly member?: string;
  readonly fields?: readonly string[];
}

/**
 * The gate's first two steps: authorise, then record the decision in the audit log of the tenant
 * it concerns (or the operator's). Resolves only once the event is durable, so nothing happens
 * and no data leaves unrecorded; a denial is recorded, then thrown. Another tenant's resources
 * answer `not_found`, as if absent.
 */
export async function enforce(
  deps: EnforcementDeps,
  principal: Principal,
  action: Action,
  resource: Resource,
  context: RequestContext,
  target: AuditTarget,
): Promise<Decision> {
  const decision = authorize(principal, action, resource);
  await record(deps, principal, resource, context, target, decision);
  if (!decision.allow) throw denialError(action, decision);
  return decision;
}

async function record(
  deps: EnforcementDeps,
  principal: Principal,
  resource: Resource,
  context: RequestContext,
  target: AuditTarget,
  decision: Decision,
): Promise<void> {
  const tenant = resource.tenantId ?? null;
  const event: AuditEvent = {
    v: 1,
    time: deps.clock.now().toISOString(),
    actor: { id: principal.id, kind: principal.kind, role: roleOf(principal), team: null, tenant: tenantOf(principal) },
    action: target.action,
    resource: {
      tenant,
      ...(target.conversation !== undefined && { conversation: target.conversation }),
      ...(target.contact !== undefined && { contact: target.contact }),
      ...(target.member !== undefined && { member: target.member }),
      ...(target.fields !== undefined && { fields: target.fields }),
    },
    channel: context.channel,
    reason: { rule: decision.rule, grant: null, ticket: null },
    outcome: decision.allow ? 'allowed' : 'denied',
    requestId: context.requestId,
  };
  try {
    await deps.audit.append(tenant ?? OPERATOR_LOG, event);
  } catch (cause) {
    throw new SealdeskError('audit_unavailable', { detail: 'audit append failed', cause });
  }
}

function denialError(action: Action, decision: Decision): SealdeskError {
  if (decision.rule === 'other-tenant') return new SealdeskError('not_found');
  if (action === 'conversation.read') {
    return new SealdeskError('content_access_denied', { detail: `denied by rule ${decision.rule}` });
  }
  return new SealdeskError('access_denied', { detail: `denied by rule ${decision.rule}` });
}
