import { OPERATOR_LOG } from '../audit/index.js';
import { newId, type RequestContext } from '../common/index.js';
import { SealdeskError } from '../errors/index.js';
import { countActiveMembers } from '../store/index.js';
import { insertMemberWithKey, type CreatedMember } from './create-member.js';
import type { TenancyDeps } from './tenancy-deps.js';

/**
 * Creates the installation's first operator owner and its one-time bootstrap key. Refuses when
 * operator staff already exist, so it can never mint a second key for an installed system.
 */
export async function bootstrapOperatorOwner(
  deps: TenancyDeps,
  context: RequestContext,
  input: { readonly email: string; readonly name: string },
): Promise<CreatedMember> {
  if ((await countActiveMembers(deps.db, OPERATOR_LOG)) > 0) throw new SealdeskError('already_initialised');
  await deps.keyRing.ensureScope(OPERATOR_LOG);
  const id = newId('member');
  const created = await insertMemberWithKey(deps.db, deps.clock.now(), OPERATOR_LOG, id, { ...input, role: 'owner' });
  await deps.audit.append(OPERATOR_LOG, {
    v: 1,
    time: deps.clock.now().toISOString(),
    actor: { id: 'system', kind: 'system', role: 'system:init', team: null, tenant: null },
    action: 'installation.initialised',
    resource: { tenant: null, member: id },
    channel: context.channel,
    reason: { rule: 'bootstrap', grant: null, ticket: null },
    outcome: 'allowed',
    requestId: context.requestId,
  });
  return created;
}
