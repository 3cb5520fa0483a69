import type { Kysely } from 'kysely';
import type { AuditAction, AuditLog } from '../audit/index.js';
import type { Clock, RequestContext } from '../common/index.js';
import type { UnwrapJustification } from '../crypto/index.js';
import { SealdeskError } from '../errors/index.js';
import { updateAccessGrant, type Database } from '../store/index.js';
import type { AccessContext } from './access-context.js';
import { authorize, type AccessDecision, type Action, type Resource } from './authorize.js';
import { activateGrant } from './grants/activate-grant.js';
import { grantStatusColumns } from './grants/grant-record.js';
import { loadAccessContext } from './load-access-context.js';
import { roleOf, tenantOf, type Principal } from './principal.js';
import { recordAccessEvent } from './record-access-event.js';

export interface EnforcementDeps {
  readonly db: Kysely<Database>;
  readonly audit: AuditLog;
  readonly clock: Clock;
}

/** What the audit event names besides the principal: ids and field names, never values. */
export interface AuditTarget {
  readonly action: AuditAction;
  readonly conversation?: string | undefined;
  readonly contact?: string | undefined;
  readonly member?: string | undefined;
  readonly fields?: readonly string[] | undefined;
  /** The request a decision is about (its id is `reason.grant` unless a grant decided it). */
  readonly grant?: string | undefined;
  readonly ticket?: string | undefined;
  readonly details?: Readonly<Record<string, string | number>> | undefined;
}

export interface Enforcement {
  readonly principal: Principal;
  readonly action: Action;
  readonly resource: Resource;
  readonly request: RequestContext;
  /** The event to record; a function when it depends on the decision (e.g. on the view). */
  readonly audit: AuditTarget | ((decision: AccessDecision) => AuditTarget);
  /** The context to decide in; loaded for the resource's tenant when omitted. */
  readonly access?: AccessContext | undefined;
}

/** An allowed decision, and the justification the key ring needs to act on it. */
export interface GateDecision extends AccessDecision {
  readonly justification: UnwrapJustification;
  /**
   * Whether this decision made the first use of its grant: it found the grant `approved` and
   * moved it to `active` itself. Of two concurrent uses, only one does; a single-use grant (an
   * export) must act only when this is true.
   */
  readonly firstUse: boolean;
}

/**
 * The gate: authorise, record the decision in the audit log of the tenant it concerns (or the
 * operator's), and only then let the caller act. Resolves once the event is durable; a denial is
 * recorded, then thrown with the decision's error code (`not_found` for another tenant's
 * resource, as if absent). The first use of an approved grant marks it `active`, recorded too.
 * The decision carries the justification every key-ring call on the caller's behalf passes on.
 */
export async function enforce(deps: EnforcementDeps, enforcement: Enforcement): Promise<GateDecision> {
  const { principal, action, resource, request } = enforcement;
  const context = enforcement.access ?? (await loadAccessContext(deps.db, principal, resource.tenantId, deps.clock.now()));
  const decision = authorize(principal, action, resource, context);
  const target = typeof enforcement.audit === 'function' ? enforcement.audit(decision) : enforcement.audit;
  await recordAccessEvent(deps, principal, request, {
    action: target.action,
    tenantId: resource.tenantId ?? null,
    outcome: decision.allow ? 'allowed' : 'denied',
    rule: decision.rule,
    grant: decision.grant?.id ?? target.grant,
    ticket: decision.grant?.ticket ?? target.ticket,
    team: decision.rule === 'team-queue' ? resource.conversation?.teamId : null,
    conversation: target.conversation,
    contact: target.contact,
    member: target.member,
    fields: target.fields,
    details: target.details,
  });
  if (!decision.allow) {
    throw new SealdeskError(decision.code ?? 'access_denied', { detail: `denied by rule ${decision.rule}` });
  }
  const firstUse = await activateOnFirstUse(deps, principal, request, context, decision);
  const grant = context.grants.find((held) => held.id === decision.grant?.id);
  return { ...decision, firstUse, justification: justificationFor(principal, request, action, grant?.id ?? null, grant?.breakGlass ?? false) };
}

/**
 * The justification of `principal` acting through the gate: `purpose` is the action allowed,
 * `grant` the grant that allowed it. Code acting for a principal outside an `enforce` call (a
 * widget session starting, an API key authenticating) uses this with its own purpose.
 */
export function justificationFor(principal: Principal, request: RequestContext, purpose: string, grant: string | null = null, breakGlass = false): UnwrapJustification {
  return { actor: { id: principal.id, kind: principal.kind, role: roleOf(principal), tenant: tenantOf(principal) }, purpose, grant, breakGlass, request };
}

async function activateOnFirstUse(
  deps: EnforcementDeps,
  principal: Principal,
  request: RequestContext,
  context: AccessContext,
  decision: AccessDecision,
): Promise<boolean> {
  const used = context.grants.find((grant) => grant.id === decision.grant?.id);
  if (!used || used.status !== 'approved') return false;
  const active = activateGrant(used, context.now);
  await recordAccessEvent(deps, principal, request, {
    action: 'grant.activated',
    tenantId: used.tenantId,
    outcome: 'allowed',
    rule: used.rule,
    grant: used.id,
    ticket: used.ticket,
  });
  return updateAccessGrant(deps.db, used.tenantId, used.id, 'approved', grantStatusColumns(active));
}
