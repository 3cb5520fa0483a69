import { enforce, type Principal } from '../access/index.js';
import { newId, type RequestContext } from '../common/index.js';
import { SealdeskError } from '../errors/index.js';
import { findTeamByName, findTenant, insertTeam } from '../store/index.js';
import type { TenancyDeps } from './tenancy-deps.js';

/** Creates a team (owner, admin or manager); conversations put in its queue are worked by its members. */
export async function createTeam(
  deps: TenancyDeps,
  principal: Principal,
  request: RequestContext,
  tenantId: string,
  input: { readonly name: string },
): Promise<{ id: string; name: string }> {
  if (!(await findTenant(deps.db, tenantId))) throw new SealdeskError('not_found');
  const id = newId('team');
  await enforce(deps, { principal, action: 'team.manage', resource: { tenantId }, request, audit: { action: 'team.created', details: { team: id } } });
  if (await findTeamByName(deps.db, tenantId, input.name)) throw new SealdeskError('conflict', { userMessage: 'A team with this name already exists.' });
  await insertTeam(deps.db, { id, tenant_id: tenantId, name: input.name, created_at: deps.clock.now().toISOString() });
  return { id, name: input.name };
}
