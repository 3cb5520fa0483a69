import { enforce, type EnforcementDeps, type Principal } from '../../access/index.js';
import type { RequestContext } from '../../common/index.js';
import { SealdeskError } from '../../errors/index.js';
import { saveRetentionPolicy } from '../../store/index.js';
import { loadRetentionPolicy, type StoredRetention } from './load-retention-policy.js';
import { validateRetentionPolicy, type RetentionPolicy } from './retention-policy.js';

/** The tenant's retention (owner, admin, security officer, auditor); recorded as `retention.read`. */
export async function getRetentionPolicy(deps: EnforcementDeps, principal: Principal, request: RequestContext, tenantId: string): Promise<StoredRetention> {
  await enforce(deps, { principal, action: 'retention.read', resource: { tenantId }, request, audit: { action: 'retention.read' } });
  const retention = await loadRetentionPolicy(deps.db, tenantId);
  if (!retention) throw new SealdeskError('not_found');
  return retention;
}

/**
 * Replaces the tenant's retention policy (owner or admin) after checking its bounds
 * (`retention_policy_invalid`); recorded as `retention.changed` with the new periods and ticket.
 * A concurrent change answers `conflict`.
 */
export async function updateRetentionPolicy(
  deps: EnforcementDeps,
  principal: Principal,
  request: RequestContext,
  tenantId: string,
  input: { readonly policy: RetentionPolicy; readonly ticket: string },
): Promise<{ readonly status: 'applied'; readonly version: number }> {
  const policy = validateRetentionPolicy(input.policy);
  const current = await loadRetentionPolicy(deps.db, tenantId);
  const version = (current?.version ?? 0) + 1;
  await enforce(deps, {
    principal,
    action: 'retention.update',
    resource: { tenantId },
    request,
    audit: { action: 'retention.changed', ticket: input.ticket, details: { ...periods(policy), version } },
  });
  if (!current) throw new SealdeskError('not_found');
  await applyRetentionPolicy(deps, tenantId, policy, version, principal.id);
  return { status: 'applied', version };
}

/** Stores `policy` as version `version`; `conflict` when the stored policy moved meanwhile. */
async function applyRetentionPolicy(deps: EnforcementDeps, tenantId: string, policy: RetentionPolicy, version: number, updatedBy: string): Promise<void> {
  const saved = await saveRetentionPolicy(deps.db, {
    tenant_id: tenantId,
    conversation_days: policy.conversationDays,
    contact_days: policy.contactDays,
    kb_days: policy.kbDays,
    version,
    updated_at: deps.clock.now().toISOString(),
    updated_by: updatedBy,
  });
  if (!saved) throw new SealdeskError('conflict', { userMessage: 'The retention policy changed meanwhile; read it again and retry.' });
}

/** The periods as audit details carry them (`kbDays` null becomes `keep`). */
function periods(policy: RetentionPolicy): Record<string, string | number> {
  return { conversationDays: policy.conversationDays, contactDays: policy.contactDays, kbDays: policy.kbDays ?? 'keep' };
}
