import { newId, type RequestContext } from '../../common/index.js';
import { SealdeskError } from '../../errors/index.js';
import { findContact, findConversation, findTenant, insertAccessGrant } from '../../store/index.js';
import type { ConversationFacts } from '../authorize.js';
import { enforce } from '../enforce.js';
import type { Grant, GrantScope } from '../grants/grant.js';
import { grantToRow } from '../grants/grant-record.js';
import { newGrant } from '../grants/new-grant.js';
import { loadAccessContext } from '../load-access-context.js';
import type { Principal } from '../principal.js';
import { recordAccessEvent } from '../record-access-event.js';
import type { ContentView } from '../views.js';
import type { AccessDeps } from './access-deps.js';

export interface NewAccessRequest {
  readonly tenantId: string;
  /** Named conversations; or `contactId` for all of one contact's; neither for the whole tenant. */
  readonly conversationIds?: readonly string[] | undefined;
  readonly contactId?: string | undefined;
  readonly view: ContentView;
  readonly purpose: string;
  readonly ticket: string;
  readonly durationMinutes: number;
  readonly breakGlass?: boolean | undefined;
}

export interface CreatedAccessRequest {
  readonly id: string;
  readonly status: Grant['status'];
  readonly rule: string;
  readonly pendingUntil: string;
  readonly expiresAt: string | null;
}

/**
 * Asks for access to a tenant's conversations. The tenant's policy decides (in `authorize`)
 * whether the principal may ask at all and which rule applies: the request is then `pending`
 * until the rule's approvers decide, or `approved` at once when the rule needs none. Break-glass
 * skips approval: the grant is `active` at once, bounded by the policy's break-glass limit, and
 * its alert must be raised first (`alert_unavailable` otherwise). The purpose is stored redacted.
 */
export async function createAccessRequest(
  deps: AccessDeps,
  principal: Principal,
  request: RequestContext,
  input: NewAccessRequest,
): Promise<CreatedAccessRequest> {
  if (input.conversationIds !== undefined && input.contactId !== undefined) {
    throw new SealdeskError('invalid_request', { userMessage: 'Name conversationIds or contactId, not both.' });
  }
  const { tenantId } = input;
  if (!(await findTenant(deps.db, tenantId))) throw new SealdeskError('not_found');
  const scope = await resolveScope(deps, tenantId, input);
  const now = deps.clock.now();
  const access = await loadAccessContext(deps.db, principal, tenantId, now);
  const id = newId('accessRequest');
  const breakGlass = input.breakGlass === true;
  const decision = await enforce(deps, {
    principal,
    action: breakGlass ? 'access-request.break-glass' : 'access-request.create',
    resource: {
      tenantId,
      request: { view: input.view, scope: scope.scope.kind, durationMinutes: input.durationMinutes, conversations: scope.conversations },
    },
    request,
    access,
    audit: {
      action: breakGlass ? 'break-glass.activated' : 'access-request.created',
      grant: id,
      ticket: input.ticket,
      details: { view: input.view, scope: scope.scope.kind, durationMinutes: input.durationMinutes },
    },
  });
  // `authorize` refuses contacts and the system; this narrows the type.
  if (principal.kind !== 'member' && principal.kind !== 'operator') throw new SealdeskError('access_denied');
  const approvers = breakGlass ? [] : (access.policy.rules.find((rule) => rule.name === decision.rule)?.approvers ?? []);
  const status = breakGlass ? 'active' : approvers.length === 0 ? 'approved' : 'pending';
  const grant = newGrant(
    {
      id,
      tenantId,
      kind: 'access',
      holder: { id: principal.id, kind: principal.kind, role: principal.role },
      scope: scope.scope,
      view: input.view,
      ticket: input.ticket,
      breakGlass,
      durationMinutes: input.durationMinutes,
      rule: decision.rule,
      requiredApprovals: approvers,
    },
    status,
    now,
    access.policy.pendingLapseMinutes,
  );
  if (breakGlass) await raiseBreakGlassAlert(deps, principal, request, grant);
  await insertAccessGrant(deps.db, grantToRow(grant, deps.redactor().redact(input.purpose).text, null));
  return { id, status, rule: decision.rule, pendingUntil: grant.pendingUntil, expiresAt: grant.expiresAt };
}

/** The grant's scope and, for named conversations, their facts; unknown ids are `not_found`. */
async function resolveScope(
  deps: AccessDeps,
  tenantId: string,
  input: NewAccessRequest,
): Promise<{ scope: GrantScope; conversations: ConversationFacts[] }> {
  if (input.contactId !== undefined) {
    if (!(await findContact(deps.db, tenantId, input.contactId))) throw new SealdeskError('not_found');
    return { scope: { kind: 'contact', contactId: input.contactId }, conversations: [] };
  }
  if (input.conversationIds === undefined) return { scope: { kind: 'tenant' }, conversations: [] };
  const ids = [...new Set(input.conversationIds)];
  const conversations = await Promise.all(
    ids.map(async (conversationId) => {
      const row = await findConversation(deps.db, tenantId, conversationId);
      if (!row) throw new SealdeskError('not_found');
      return { id: row.id, contactId: row.contact_id, assigneeId: row.assignee_id, teamId: row.team_id, status: row.status };
    }),
  );
  return { scope: { kind: 'conversations', conversationIds: ids }, conversations };
}

async function raiseBreakGlassAlert(deps: AccessDeps, principal: Principal, request: RequestContext, grant: Grant): Promise<void> {
  try {
    await deps.breakGlassNotifier.activated({
      tenantId: grant.tenantId,
      grantId: grant.id,
      holderId: grant.holder.id,
      holderKind: grant.holder.kind,
      view: grant.view ?? 'full',
      durationMinutes: grant.durationMinutes,
    });
  } catch (cause) {
    await recordAccessEvent(deps, principal, request, {
      action: 'break-glass.activated',
      tenantId: grant.tenantId,
      outcome: 'denied',
      rule: 'alert-unavailable',
      grant: grant.id,
      ticket: grant.ticket,
    });
    throw new SealdeskError('alert_unavailable', { detail: 'break-glass alert could not be raised', cause });
  }
}
