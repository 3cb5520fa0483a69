import type { RequestContext } from '../../common/index.js';
import { SealdeskError } from '../../errors/index.js';
import { saveAccessGrantReview } from '../../store/index.js';
import { enforce } from '../enforce.js';
import type { ReviewOutcome } from '../grants/grant.js';
import { recordReview } from '../grants/record-review.js';
import { loadAccessPolicy } from '../policy/load-access-policy.js';
import { roleOf, type Principal } from '../principal.js';
import type { AccessDeps } from './access-deps.js';
import { grantView, type GrantView } from './grant-view.js';
import { loadGrant } from './load-grant.js';

/**
 * Records the post-incident review of a break-glass grant (the tenant's owner or a security
 * officer, never the person who broke the glass). Until then it is listed as unreviewed and
 * escalates after the policy's deadline. Notes are stored redacted.
 */
export async function reviewBreakGlass(
  deps: AccessDeps,
  principal: Principal,
  request: RequestContext,
  grantId: string,
  input: { readonly outcome: ReviewOutcome; readonly notes?: string | undefined },
): Promise<GrantView> {
  const { grant, row } = await loadGrant(deps, grantId);
  await enforce(deps, {
    principal,
    action: 'access-request.review',
    resource: { tenantId: grant.tenantId, grant },
    request,
    audit: { action: 'access-request.reviewed', grant: grant.id, ticket: grant.ticket, details: { outcome: input.outcome } },
  });
  const now = deps.clock.now();
  const reviewed = recordReview(grant, { id: principal.id, role: roleOf(principal) }, input.outcome, now);
  const saved = await saveAccessGrantReview(deps.db, grant.tenantId, grant.id, {
    reviewed_by: principal.id,
    reviewer_role: roleOf(principal),
    review_outcome: input.outcome,
    review_notes: input.notes === undefined ? null : deps.redactor().redact(input.notes).text,
    reviewed_at: now.toISOString(),
  });
  if (!saved) throw new SealdeskError('grant_state_conflict', { detail: `break-glass ${grant.id} was reviewed meanwhile` });
  const { policy } = await loadAccessPolicy(deps.db, grant.tenantId);
  return grantView(reviewed, row.purpose, policy, now);
}
