import { enforce, loadGrant, recordAccessEvent, type GateDecision, type Principal } from '../access/index.js';
import type { AuditAction } from '../audit/index.js';
import { newId, type RequestContext } from '../common/index.js';
import { isSealdeskError, SealdeskError, type ErrorCode } from '../errors/index.js';
import { findTenant, updateAccessGrant } from '../store/index.js';
import type { KeyDeps } from './key-deps.js';
import { approvesChange, type KeyProviderChange } from './key-provider-change.js';

/** A replacement of the tenant key let through: the version it will make, its rotation's id, and the gate's decision. */
export interface AdmittedKeyReplacement {
  readonly planned: number;
  readonly rotation: string;
  readonly decision: GateDecision;
  /** Ends the approval: call it where the change is made; `grant_state_conflict` if another call made one with it first. */
  readonly spendApproval: () => Promise<void>;
  /** Records `error`, when it is a refusal of the change on its merits (`refusal.code`), as denied `refusal.action` with the approval's ticket. */
  readonly recordRefusal: (error: unknown, refusal: Refusal) => Promise<void>;
}

/** How a replacement refused on its merits is recorded. */
export interface Refusal {
  readonly code: ErrorCode;
  readonly action: AuditAction;
  readonly rule: string;
  readonly details: Readonly<Record<string, string | number>>;
}

/**
 * The gate of a tenant key replacement (BYOK import, customer-managed key): the tenant must
 * exist, its key must not be destroyed, and the principal must hold `key.replace` — the owner or
 * security officer holding `approval`, a live `key-provider-change` request of theirs that the
 * dual-control approvers approved for this `change` (`dual_control_required` otherwise) —
 * recorded as `action` with the approval and its ticket, the version it will be and the
 * rotation, before anything else. The tenant's key must be enabled (`key_unavailable`
 * otherwise, saying so for `doing`).
 */
export async function admitKeyReplacement(
  deps: KeyDeps,
  principal: Principal,
  request: RequestContext,
  tenantId: string,
  audit: { readonly action: 'key.imported' | 'key.customer-key-adopted'; readonly details: Readonly<Record<string, string | number>> },
  approval: { readonly id: string; readonly change: KeyProviderChange },
  doing: string,
): Promise<AdmittedKeyReplacement> {
  if (!(await findTenant(deps.db, tenantId))) throw new SealdeskError('not_found');
  if ((await deps.keyRing.tenantKeyState(tenantId))?.state === 'destroyed') throw new SealdeskError('key_destroyed');
  const { grant, row } = await loadGrant(deps, approval.id);
  if (grant.tenantId !== tenantId) throw new SealdeskError('not_found', { userMessage: 'No such approval for this tenant.' });
  const planned = (await deps.keyRing.versions(tenantId)).tenant + 1;
  const rotation = newId('keyRotation');
  const decision = await enforce(deps, {
    principal,
    action: 'key.replace',
    resource: { tenantId, grant, keyChange: { approved: approvesChange(row, approval.change) } },
    request,
    audit: { action: audit.action, details: { version: planned, rotation, ...audit.details } },
  });
  if ((await deps.keyRing.tenantKeyState(tenantId))?.state === 'disabled') {
    throw new SealdeskError('key_unavailable', { userMessage: `This tenant's key is disabled; enable it before ${doing}.` });
  }
  const spendApproval = async () => {
    const now = deps.clock.now().toISOString();
    if (!(await updateAccessGrant(deps.db, tenantId, grant.id, 'active', { status: 'expired', ended_at: now, ended_by: principal.id }))) {
      throw new SealdeskError('grant_state_conflict', { userMessage: 'This approval has been used for a key change already; ask for a new one.' });
    }
  };
  const recordRefusal = async (error: unknown, refusal: Refusal) => {
    if (!isSealdeskError(error) || error.code !== refusal.code) return;
    const { action, rule, details } = refusal;
    await recordAccessEvent(deps, principal, request, { action, tenantId, outcome: 'denied', rule, ticket: decision.grant?.ticket, details: { ...details, rotation } });
  };
  return { planned, rotation, decision, spendApproval, recordRefusal };
}
