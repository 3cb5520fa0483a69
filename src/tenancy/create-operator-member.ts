import { enforce, type Principal } from '../access/index.js';
import { OPERATOR_LOG } from '../audit/index.js';
import { newId, type RequestContext } from '../common/index.js';
import { insertMemberWithKey, type CreatedMember, type NewMember } from './create-member.js';
import type { TenancyDeps } from './tenancy-deps.js';

/** Adds a member of the operator's staff. Operator owner only; no role reads tenant content. */
export async function createOperatorMember(
  deps: TenancyDeps,
  principal: Principal,
  context: RequestContext,
  input: NewMember,
): Promise<CreatedMember> {
  const id = newId('member');
  await enforce(deps, {
    principal,
    action: 'operator-member.create',
    resource: {},
    request: context,
    audit: { action: 'operator-member.created', member: id },
  });
  return insertMemberWithKey(deps.db, deps.clock.now(), OPERATOR_LOG, id, input);
}
