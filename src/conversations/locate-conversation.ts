import { SealdeskError } from '../errors/index.js';
import { findConversation, findConversationTenant, type ConversationRow } from '../store/index.js';
import type { VaultDeps } from './vault-deps.js';

/**
 * Loads a conversation named by id alone (routes without a tenant in the path). The caller must
 * authorise against the row's tenant; an unknown id is `not_found`, like another tenant's.
 */
export async function locateConversation(deps: VaultDeps, conversationId: string): Promise<ConversationRow> {
  const tenantId = await findConversationTenant(deps.db, conversationId);
  const row = tenantId === undefined ? undefined : await findConversation(deps.db, tenantId, conversationId);
  if (!row) throw new SealdeskError('not_found');
  return row;
}
