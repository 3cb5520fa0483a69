import { enforce, type Principal } from '../access/index.js';
import type { RequestContext } from '../common/index.js';
import { SealdeskError } from '../errors/index.js';
import { findTenant, listInbox as listInboxRows } from '../store/index.js';
import type { ConversationStatus } from './conversation-status.js';
import { toMetadata, type ConversationMetadata } from './conversation-views.js';
import { MAX_PAGE_SIZE } from './list-conversations.js';
import type { VaultDeps } from './vault-deps.js';

/** Which conversations an inbox shows. */
export interface InboxQuery {
  readonly statuses: readonly ConversationStatus[];
  /** `me`: claimed by the caller; `unassigned`: claimed by nobody; absent: either. */
  readonly assignee?: 'me' | 'unassigned' | undefined;
  readonly teamId?: string | undefined;
  readonly limit: number;
}

/**
 * The agents' inbox: a tenant's conversations in the given statuses, longest waiting first, as
 * metadata only (opening one is a read through the gate). Not for widget contacts.
 */
export async function listInbox(
  deps: VaultDeps,
  principal: Principal,
  context: RequestContext,
  tenantId: string,
  query: InboxQuery,
): Promise<ConversationMetadata[]> {
  if (!(await findTenant(deps.db, tenantId))) throw new SealdeskError('not_found');
  // A contact may list their own conversations, never the tenant's inbox.
  if (principal.kind === 'contact') throw new SealdeskError('access_denied', { detail: 'contacts have no inbox' });
  await enforce(deps, {
    principal,
    action: 'conversation.list',
    resource: { tenantId },
    request: context,
    audit: { action: 'conversation.listed', details: { view: 'inbox', statuses: query.statuses.join(',') } },
  });
  if (query.assignee === 'me' && principal.kind !== 'member') {
    throw new SealdeskError('invalid_request', { userMessage: '"assignee=me" is for members of the tenant.' });
  }
  const assigneeId = query.assignee === 'me' ? principal.id : query.assignee === 'unassigned' ? null : undefined;
  const rows = await listInboxRows(deps.db, tenantId, {
    statuses: query.statuses,
    ...(assigneeId !== undefined && { assigneeId }),
    ...(query.teamId !== undefined && { teamId: query.teamId }),
    limit: Math.min(query.limit, MAX_PAGE_SIZE),
  });
  return rows.map(toMetadata);
}
