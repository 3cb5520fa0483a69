import { enforce, type Principal } from '../access/index.js';
import type { RequestContext } from '../common/index.js';
import { SealdeskError } from '../errors/index.js';
import { findTenant, listConversations as listConversationRows } from '../store/index.js';
import { toMetadata, type ConversationMetadata } from './conversation-views.js';
import type { VaultDeps } from './vault-deps.js';

export const MAX_PAGE_SIZE = 200;

/** A tenant's conversations as metadata only; a widget contact sees just their own. */
export async function listConversations(
  deps: VaultDeps,
  principal: Principal,
  context: RequestContext,
  tenantId: string,
  options: { readonly limit: number },
): Promise<ConversationMetadata[]> {
  if (!(await findTenant(deps.db, tenantId))) throw new SealdeskError('not_found');
  await enforce(deps, { principal, action: 'conversation.list', resource: { tenantId }, request: context, audit: { action: 'conversation.listed' } });
  const rows = await listConversationRows(deps.db, tenantId, {
    limit: Math.min(options.limit, MAX_PAGE_SIZE),
    ...(principal.kind === 'contact' && { contactId: principal.id }),
  });
  return rows.map(toMetadata);
}
