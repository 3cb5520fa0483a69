import { DEFAULT_AUDIT_RETENTION_DAYS, OPERATOR_LOG, type AuditAction, type AuditEvent } from '../audit/index.js';
import { newId, type RequestContext } from '../common/index.js';
import { SealdeskError } from '../errors/index.js';
import { insertTenant } from '../store/index.js';
import { insertMemberWithKey, type CreatedMember, type NewMember } from './create-member.js';
import { SINGLE_REGION } from './residency.js';
import type { TenancyDeps } from './tenancy-deps.js';

/** Who writes the synthetic seed's tenants in the audit logs. */
const SEED_ACTOR: AuditEvent['actor'] = { id: 'system', kind: 'system', role: 'system:synthetic-seed', team: null, tenant: null };

/**
 * Creates a fake tenant and its first owner for `sealdesk seed --synthetic`, which has no operator
 * owner to act as: only in a development installation (`environment_mismatch` otherwise), so no
 * production installation ever gets a tenant nobody asked for. Both are audited as
 * `system:synthetic-seed` with the rule `synthetic-seed`; everything after is done as the owner.
 */
export async function createSyntheticTenant(
  deps: TenancyDeps,
  context: RequestContext,
  environment: string,
  input: { readonly name: string; readonly owner: Omit<NewMember, 'role'> },
): Promise<{ id: string; owner: CreatedMember }> {
  if (environment !== 'development') {
    throw new SealdeskError('environment_mismatch', { userMessage: 'Synthetic data goes only into a development installation (SEALDESK_ENVIRONMENT=development at init).' });
  }
  const id = newId('tenant');
  const now = deps.clock.now();
  await deps.keyRing.ensureScope(id);
  await insertTenant(deps.db, { id, name: input.name, audit_retention_days: DEFAULT_AUDIT_RETENTION_DAYS, created_at: now.toISOString(), region: (deps.residency ?? SINGLE_REGION).region });
  await deps.audit.append(OPERATOR_LOG, seedEvent(now, context, 'tenant.created', { tenant: id }));
  const ownerId = newId('member');
  const owner = await insertMemberWithKey(deps.db, now, id, ownerId, { ...input.owner, role: 'owner' });
  await deps.audit.append(id, seedEvent(now, context, 'member.created', { tenant: id, member: ownerId }));
  return { id, owner };
}

function seedEvent(now: Date, context: RequestContext, action: AuditAction, resource: AuditEvent['resource']): AuditEvent {
  return {
    v: 1,
    time: now.toISOString(),
    actor: SEED_ACTOR,
    action,
    resource,
    channel: context.channel,
    reason: { rule: 'synthetic-seed', grant: null, ticket: null },
    outcome: 'allowed',
    requestId: context.requestId,
  };
}
