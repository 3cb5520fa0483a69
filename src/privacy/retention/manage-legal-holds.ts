import { enforce, type EnforcementDeps, type Principal } from '../../access/index.js';
import { newId, type RequestContext } from '../../common/index.js';
import { SealdeskError } from '../../errors/index.js';
import { findContact, findConversation, findLegalHold, findTenant, insertLegalHold, listLegalHolds, releaseLegalHold } from '../../store/index.js';
import type { LegalHold, LegalHoldTarget } from './legal-hold.js';
import { legalHoldFromRow } from './legal-hold-record.js';
import type { StaffTextDeps } from './staff-text-deps.js';

/** A hold as the API shows it: the record and its reason (redacted when it was stored). */
export interface LegalHoldView extends LegalHold {
  readonly reason: string;
}

/**
 * Places a legal hold on the tenant, one of its contacts or one of its conversations (owner,
 * admin or security officer), with a reason and a ticket; recorded as `legal-hold.created`
 * before it is stored. A target that is not the tenant's answers `not_found`.
 */
export async function createLegalHold(
  deps: StaffTextDeps,
  principal: Principal,
  request: RequestContext,
  tenantId: string,
  input: { readonly target: LegalHoldTarget; readonly targetId?: string | undefined; readonly reason: string; readonly ticket: string },
): Promise<LegalHoldView> {
  const targetId = input.target === 'tenant' ? tenantId : input.targetId;
  if (targetId === undefined) throw new SealdeskError('invalid_request', { userMessage: `A ${input.target} hold needs targetId.` });
  const id = newId('legalHold');
  await enforce(deps, {
    principal,
    action: 'legal-hold.manage',
    resource: { tenantId },
    request,
    audit: {
      action: 'legal-hold.created',
      ticket: input.ticket,
      ...(input.target === 'conversation' && { conversation: targetId }),
      ...(input.target === 'contact' && { contact: targetId }),
      details: { hold: id, target: input.target },
    },
  });
  if (!(await targetExists(deps, tenantId, input.target, targetId))) throw new SealdeskError('not_found');
  const row = {
    id,
    tenant_id: tenantId,
    target_kind: input.target,
    target_id: targetId,
    reason: deps.redactor().redact(input.reason).text,
    ticket: input.ticket,
    created_by: principal.id,
    created_at: deps.clock.now().toISOString(),
    released_at: null,
    released_by: null,
  };
  await insertLegalHold(deps.db, row);
  return { ...legalHoldFromRow(row), reason: row.reason };
}

/** The tenant's holds, in force only unless `all` (owner, admin, security officer, auditor); recorded as `legal-hold.listed`. */
export async function listTenantLegalHolds(deps: EnforcementDeps, principal: Principal, request: RequestContext, tenantId: string, options: { readonly all: boolean }): Promise<LegalHoldView[]> {
  await enforce(deps, { principal, action: 'retention.read', resource: { tenantId }, request, audit: { action: 'legal-hold.listed' } });
  if (!(await findTenant(deps.db, tenantId))) throw new SealdeskError('not_found');
  const rows = await listLegalHolds(deps.db, tenantId, { activeOnly: !options.all });
  return rows.map((row) => ({ ...legalHoldFromRow(row), reason: row.reason }));
}

/**
 * Releases a hold in force (owner, admin or security officer); recorded as `legal-hold.released`
 * with the hold's ticket. Purges may delete its target from then on. A released hold answers
 * `conflict`; another tenant's, `not_found`.
 */
export async function releaseTenantLegalHold(deps: EnforcementDeps, principal: Principal, request: RequestContext, tenantId: string, holdId: string): Promise<LegalHoldView> {
  const existing = await findLegalHold(deps.db, tenantId, holdId);
  const hold = existing && legalHoldFromRow(existing);
  await enforce(deps, {
    principal,
    action: 'legal-hold.manage',
    resource: { tenantId },
    request,
    audit: {
      action: 'legal-hold.released',
      ticket: hold?.ticket,
      ...(hold?.target === 'conversation' && { conversation: hold.targetId }),
      ...(hold?.target === 'contact' && { contact: hold.targetId }),
      details: { hold: holdId, ...(hold && { target: hold.target }) },
    },
  });
  if (!existing || !hold) throw new SealdeskError('not_found');
  const now = deps.clock.now().toISOString();
  if (!(await releaseLegalHold(deps.db, tenantId, holdId, principal.id, now))) {
    throw new SealdeskError('conflict', { userMessage: 'This legal hold has already been released.' });
  }
  return { ...hold, releasedAt: now, releasedBy: principal.id, reason: existing.reason };
}

async function targetExists(deps: EnforcementDeps, tenantId: string, target: LegalHoldTarget, targetId: string): Promise<boolean> {
  switch (target) {
    case 'tenant':
      return (await findTenant(deps.db, tenantId)) !== undefined;
    case 'contact':
      return (await findContact(deps.db, tenantId, targetId)) !== undefined;
    case 'conversation':
      return (await findConversation(deps.db, tenantId, targetId)) !== undefined;
  }
}
