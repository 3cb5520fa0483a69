import type { RequestContext } from '../../common/index.js';
import { newId } from '../../common/index.js';
import { SealdeskError } from '../../errors/index.js';
import { findTenant, insertAccessGrant, isTrainingOptedIn } from '../../store/index.js';
import { enforce } from '../enforce.js';
import { grantToRow } from '../grants/grant-record.js';
import { newGrant } from '../grants/new-grant.js';
import { loadAccessContext } from '../load-access-context.js';
import type { Principal } from '../principal.js';
import type { AccessDeps } from './access-deps.js';

/** What an export request asks for: all conversations in an archive, or a pseudonymised evaluation dataset. */
export type ExportKind = 'export' | 'dataset-export';

/**
 * Asks to export all of a tenant's conversations (its owner or an admin): as a sealed archive
 * (`export`), or as an evaluation dataset of pseudonymised text (`dataset-export`), which is
 * refused with `training_opted_out` unless the tenant has opted in to training. The request needs
 * the policy's dual-control approvals — by default a manager and a security officer, two
 * distinct people, never the requester — and, once approved, opens one export within
 * `durationMinutes`.
 */
export async function requestExport(
  deps: AccessDeps,
  principal: Principal,
  request: RequestContext,
  tenantId: string,
  input: { readonly purpose: string; readonly ticket: string; readonly durationMinutes: number },
  kind: ExportKind = 'export',
): Promise<{ id: string; status: 'pending'; pendingUntil: string }> {
  if (!(await findTenant(deps.db, tenantId))) throw new SealdeskError('not_found');
  const now = deps.clock.now();
  const access = await loadAccessContext(deps.db, principal, tenantId, now);
  if (input.durationMinutes > access.policy.maxGrantMinutes) throw new SealdeskError('duration_exceeds_policy');
  const id = newId('accessRequest');
  await enforce(deps, {
    principal,
    action: kind === 'export' ? 'export.request' : 'dataset-export.request',
    resource: { tenantId, ...(kind === 'dataset-export' && { training: { optedIn: await isTrainingOptedIn(deps.db, tenantId) } }) },
    request,
    access,
    audit: { action: 'access-request.created', grant: id, ticket: input.ticket, details: { kind, durationMinutes: input.durationMinutes } },
  });
  if (principal.kind !== 'member') throw new SealdeskError('access_denied'); // `authorize` lets only members ask.
  const grant = newGrant(
    {
      id,
      tenantId,
      kind,
      holder: { id: principal.id, kind: 'member', role: principal.role },
      scope: { kind: 'tenant' },
      view: kind === 'export' ? 'full' : 'redacted',
      ticket: input.ticket,
      breakGlass: false,
      durationMinutes: input.durationMinutes,
      rule: 'dual-control',
      requiredApprovals: access.policy.dualControl.approvers,
    },
    'pending',
    now,
    access.policy.pendingLapseMinutes,
  );
  await insertAccessGrant(deps.db, grantToRow(grant, deps.redactor().redact(input.purpose).text, null));
  return { id, status: 'pending', pendingUntil: grant.pendingUntil };
}

