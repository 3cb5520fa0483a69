import { enforce, insertChangeRequest, loadAccessPolicy, type PendingChangeRequest, type Principal } from '../access/index.js';
import { newId, type RequestContext } from '../common/index.js';
import { SealdeskError } from '../errors/index.js';
import type { RedactorFactory } from '../privacy/redactor.js';
import { findTenant } from '../store/index.js';
import type { KeyDeps } from './key-deps.js';

/**
 * Asks to destroy the tenant's key for good (owner or security officer), recorded as
 * `access-request.created` (kind `key-destruction`) with the ticket. Nothing is destroyed yet: the
 * request takes effect when the access policy's dual-control approvers — two distinct people,
 * never the requester — have approved it (`decideAccessRequest`), and lapses unapproved after the
 * policy's `pendingLapseMinutes`. A key already destroyed answers `key_destroyed`.
 */
export async function requestTenantKeyDestruction(
  deps: KeyDeps & { readonly redactor: RedactorFactory },
  principal: Principal,
  request: RequestContext,
  tenantId: string,
  input: { readonly purpose: string; readonly ticket: string },
): Promise<PendingChangeRequest> {
  if (!(await findTenant(deps.db, tenantId))) throw new SealdeskError('not_found');
  const requestId = newId('accessRequest');
  await enforce(deps, {
    principal,
    action: 'tenant-key.manage',
    resource: { tenantId },
    request,
    audit: { action: 'access-request.created', grant: requestId, ticket: input.ticket, details: { kind: 'key-destruction' } },
  });
  if (principal.kind !== 'member') throw new SealdeskError('access_denied', { userMessage: 'Only a member of the tenant can ask to destroy its key.' });
  if ((await deps.keyRing.tenantKeyState(tenantId))?.state === 'destroyed') throw new SealdeskError('key_destroyed');
  return insertChangeRequest(deps, {
    id: requestId,
    tenantId,
    kind: 'key-destruction',
    holder: principal,
    purpose: input.purpose,
    ticket: input.ticket,
    payload: null,
    policy: (await loadAccessPolicy(deps.db, tenantId)).policy,
    now: deps.clock.now(),
  });
}
