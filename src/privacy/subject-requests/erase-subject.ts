import { recordAccessEvent, type Principal } from '../../access/index.js';
import { newId, type RequestContext } from '../../common/index.js';
import type { VaultDeps } from '../../conversations/index.js';
import { SealdeskError } from '../../errors/index.js';
import { deleteContactsAndConversations, listConversations, listLegalHolds } from '../../store/index.js';
import { findSubject, type SubjectRequest } from './find-subject.js';

/** What an erasure did: the answer to the data subject, with the audit entry that proves it. */
export interface ErasureReceipt {
  readonly receiptId: string;
  readonly tenantId: string;
  readonly ticket: string;
  readonly erasedAt: string;
  readonly contactIds: readonly string[];
  readonly deleted: { readonly contacts: number; readonly conversations: number; readonly messages: number };
  /** Subject-key versions destroyed: data sealed to them is unreadable, in backups too. */
  readonly subjectKeysDestroyed: number;
}

/**
 * Erases a data subject (GDPR art. 17): records `privacy.subject-erased` (ticket, receipt id,
 * contact ids, counts — durable before anything is deleted), deletes their contacts,
 * conversations and messages in one transaction, then destroys each contact's subject key, so
 * nothing sealed to it — in this database or any backup made before — can be decrypted again.
 * No such person: a receipt with nothing erased. Irreversible. A legal hold on the tenant, on one
 * of the contacts or on one of their conversations refuses the erasure (`conflict`, recorded).
 */
export async function eraseSubject(
  deps: VaultDeps,
  principal: Principal,
  context: RequestContext,
  tenantId: string,
  request: SubjectRequest,
): Promise<ErasureReceipt> {
  const { contacts, rule, justification } = await findSubject(deps, principal, context, tenantId, request, 'privacy.subject-erased');
  const contactIds = contacts.map((c) => c.id);
  const holds = await holdsOn(deps, tenantId, contactIds);
  if (holds.length > 0) {
    await recordAccessEvent(deps, principal, context, {
      action: 'privacy.subject-erased',
      tenantId,
      outcome: 'denied',
      rule: 'legal-hold',
      ticket: request.ticket,
      details: { holds: holds.join(',') },
    });
    throw new SealdeskError('conflict', { userMessage: `This person's data is under legal hold (${holds.join(', ')}); release the hold before erasing.` });
  }
  const receiptId = newId('erasure');
  await recordAccessEvent(deps, principal, context, {
    action: 'privacy.subject-erased',
    tenantId,
    outcome: 'allowed',
    rule,
    ticket: request.ticket,
    fields: ['contact.email', 'contact.name', 'messages.body'],
    details: { receipt: receiptId, contacts: contactIds.join(',') || '-' },
  });
  const deleted = await deleteContactsAndConversations(deps.db, tenantId, contactIds);
  let subjectKeysDestroyed = 0;
  for (const id of contactIds) subjectKeysDestroyed += await deps.keyRing.destroySubjectKey(tenantId, id, justification);
  return {
    receiptId,
    tenantId,
    ticket: request.ticket,
    erasedAt: deps.clock.now().toISOString(),
    contactIds,
    deleted,
    subjectKeysDestroyed,
  };
}

/** The ids of holds in force on the tenant, on these contacts, or on their conversations. */
async function holdsOn(deps: VaultDeps, tenantId: string, contactIds: readonly string[]): Promise<string[]> {
  if (contactIds.length === 0) return [];
  const holds = await listLegalHolds(deps.db, tenantId, { activeOnly: true });
  if (holds.length === 0) return [];
  const conversations = new Set<string>();
  for (const contactId of contactIds) {
    for (const row of await listConversations(deps.db, tenantId, { contactId, limit: 100_001 })) conversations.add(row.id);
  }
  return holds
    .filter((hold) => hold.target_kind === 'tenant' || (hold.target_kind === 'contact' && contactIds.includes(hold.target_id)) || (hold.target_kind === 'conversation' && conversations.has(hold.target_id)))
    .map((hold) => hold.id);
}
