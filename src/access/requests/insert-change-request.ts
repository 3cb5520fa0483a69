import type { Kysely } from 'kysely';
import type { RedactorFactory } from '../../privacy/redactor.js';
import { insertAccessGrant, type Database } from '../../store/index.js';
import { grantToRow } from '../grants/grant-record.js';
import { newGrant } from '../grants/new-grant.js';
import type { AccessPolicy } from '../policy/access-policy.js';
import type { TenantRole } from '../principal.js';

/** Requests for a tenant-wide change that two people must approve: made by the approval itself, or (a key provider change) by the requester after it. */
export type ChangeRequestKind = 'policy-change' | 'retention-change' | 'key-destruction' | 'key-provider-change';

/** A change request as stored: pending until its approvers decide or it lapses. */
export interface PendingChangeRequest {
  readonly status: 'pending';
  readonly requestId: string;
  readonly pendingUntil: string;
}

/**
 * Stores a pending `kind` request by the member `holder`, to be decided by `policy`'s
 * dual-control approvers (two distinct people, never the requester) and lapsing after its
 * `pendingLapseMinutes`. The purpose is stored redacted; `payload` is the change it carries.
 * `durationMinutes` is the window an approval opens (1 for a change made by the approval itself).
 */
export async function insertChangeRequest(
  deps: { readonly db: Kysely<Database>; readonly redactor: RedactorFactory },
  input: {
    readonly id: string;
    readonly tenantId: string;
    readonly kind: ChangeRequestKind;
    readonly holder: { readonly id: string; readonly role: TenantRole };
    readonly purpose: string;
    readonly ticket: string;
    readonly payload: string | null;
    readonly durationMinutes?: number;
    readonly policy: AccessPolicy;
    readonly now: Date;
  },
): Promise<PendingChangeRequest> {
  const grant = newGrant(
    {
      id: input.id,
      tenantId: input.tenantId,
      kind: input.kind,
      holder: { id: input.holder.id, kind: 'member', role: input.holder.role },
      scope: { kind: 'tenant' },
      view: null,
      ticket: input.ticket,
      breakGlass: false,
      durationMinutes: input.durationMinutes ?? 1,
      rule: 'dual-control',
      requiredApprovals: input.policy.dualControl.approvers,
    },
    'pending',
    input.now,
    input.policy.pendingLapseMinutes,
  );
  await insertAccessGrant(deps.db, grantToRow(grant, deps.redactor().redact(input.purpose).text, input.payload));
  return { status: 'pending', requestId: input.id, pendingUntil: grant.pendingUntil };
}
