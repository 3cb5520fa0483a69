import { enforce, insertChangeRequest, loadAccessPolicy, type PendingChangeRequest, type Principal } from '../access/index.js';
import { newId, type RequestContext } from '../common/index.js';
import { SealdeskError } from '../errors/index.js';
import type { RedactorFactory } from '../privacy/redactor.js';
import { findTenant } from '../store/index.js';
import type { KeyDeps } from './key-deps.js';
import { changeDetails, keyProviderChangePayload, type KeyProviderChange } from './key-provider-change.js';

/**
 * Asks to change what holds the tenant's key — a BYOK import, or a customer-managed key on the
 * tenant's token (owner or security officer, `key.import`) — recorded as `access-request.created`
 * (kind `key-provider-change`, the change, the ticket). Once the access policy's dual-control
 * approvers (two distinct people, never the requester) approve it, the requester may make that
 * change, once, within `durationMinutes` (at most the policy's `maxGrantMinutes`).
 */
export async function requestKeyProviderChange(
  deps: KeyDeps & { readonly redactor: RedactorFactory },
  principal: Principal,
  request: RequestContext,
  tenantId: string,
  input: { readonly change: KeyProviderChange; readonly purpose: string; readonly ticket: string; readonly durationMinutes: number },
): Promise<PendingChangeRequest> {
  if (!(await findTenant(deps.db, tenantId))) throw new SealdeskError('not_found');
  const requestId = newId('accessRequest');
  await enforce(deps, {
    principal,
    action: 'key.import',
    resource: { tenantId },
    request,
    audit: { action: 'access-request.created', grant: requestId, ticket: input.ticket, details: { kind: 'key-provider-change', ...changeDetails(input.change) } },
  });
  if (principal.kind !== 'member') throw new SealdeskError('access_denied', { userMessage: 'Only a member of the tenant can ask to change its key provider.' });
  if ((await deps.keyRing.tenantKeyState(tenantId))?.state === 'destroyed') throw new SealdeskError('key_destroyed');
  const { policy } = await loadAccessPolicy(deps.db, tenantId);
  if (input.durationMinutes > policy.maxGrantMinutes) throw new SealdeskError('duration_exceeds_policy');
  return insertChangeRequest(deps, {
    id: requestId,
    tenantId,
    kind: 'key-provider-change',
    holder: principal,
    purpose: input.purpose,
    ticket: input.ticket,
    payload: keyProviderChangePayload(input.change),
    durationMinutes: input.durationMinutes,
    policy,
    now: deps.clock.now(),
  });
}
