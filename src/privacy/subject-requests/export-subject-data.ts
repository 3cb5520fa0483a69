import { recordAccessEvent, type Principal } from '../../access/index.js';
import type { RequestContext } from '../../common/index.js';
import { openContactDetails, openConversationContent, toMetadata, type VaultDeps } from '../../conversations/index.js';
import { SealdeskError } from '../../errors/index.js';
import { listConversations } from '../../store/index.js';
import { findSubject, type SubjectRequest } from './find-subject.js';

/** More conversations than one person plausibly has: beyond it the export refuses rather than cut. */
const MAX_CONVERSATIONS = 100_000;

/** A data subject's data, machine-readable (GDPR art. 15 and 20). */
export interface SubjectExport {
  readonly format: 'sealdesk-subject-export';
  readonly version: 1;
  readonly tenantId: string;
  readonly exportedAt: string;
  readonly ticket: string;
  readonly contacts: ReadonlyArray<{
    readonly id: string;
    readonly email: string | null;
    readonly name: string | null;
    readonly createdAt: string;
    readonly conversations: ReadonlyArray<{
      readonly id: string;
      readonly status: string;
      readonly channel: string;
      readonly createdAt: string;
      readonly updatedAt: string;
      readonly messages: ReadonlyArray<{ readonly id: string; readonly authorKind: string; readonly createdAt: string; readonly body: string }>;
    }>;
  }>;
}

/**
 * Everything the tenant holds about the person with this e-mail: their contact details and
 * every message of their conversations, decrypted. Recorded as `privacy.subject-exported` (with
 * the ticket and counts) before anything is decrypted. No such person: an export with no contacts.
 */
export async function exportSubjectData(
  deps: VaultDeps,
  principal: Principal,
  context: RequestContext,
  tenantId: string,
  request: SubjectRequest,
): Promise<SubjectExport> {
  const { contacts, rule, justification } = await findSubject(deps, principal, context, tenantId, request, 'privacy.subject-exported');
  const conversationsOf = await Promise.all(contacts.map((contact) => listConversations(deps.db, tenantId, { contactId: contact.id, limit: MAX_CONVERSATIONS + 1 })));
  if (conversationsOf.some((rows) => rows.length > MAX_CONVERSATIONS)) {
    throw new SealdeskError('conflict', { userMessage: `This person has more than ${MAX_CONVERSATIONS} conversations; export them with a bulk export.` });
  }
  await recordAccessEvent(deps, principal, context, {
    action: 'privacy.subject-exported',
    tenantId,
    outcome: 'allowed',
    rule,
    ticket: request.ticket,
    fields: ['contact.email', 'contact.name', 'messages.body'],
    details: { contacts: contacts.length, conversations: conversationsOf.flat().length },
  });
  const exported = [];
  for (const [i, contact] of contacts.entries()) {
    const conversations = [];
    for (const row of conversationsOf[i] ?? []) {
      const { messages } = await openConversationContent(deps, row, justification);
      const metadata = toMetadata(row);
      conversations.push({
        id: metadata.id,
        status: metadata.status,
        channel: metadata.channel,
        createdAt: metadata.createdAt,
        updatedAt: metadata.updatedAt,
        messages: messages.map((m) => ({ id: m.id, authorKind: m.author.kind, createdAt: m.createdAt, body: m.body })),
      });
    }
    const details = await openContactDetails(deps, contact, justification);
    exported.push({ id: contact.id, ...details, createdAt: contact.created_at, conversations });
  }
  return { format: 'sealdesk-subject-export', version: 1, tenantId, exportedAt: deps.clock.now().toISOString(), ticket: request.ticket, contacts: exported };
}
