import type { KeyRing, UnwrapJustification } from '../crypto/index.js';
import type { Kysely } from 'kysely';
import type { Redactor } from '../privacy/redactor.js';
import { findContact, listMessages, type ContactRow, type ConversationRow, type Database } from '../store/index.js';
import { contactFieldBinding, messageBodyBinding } from './bindings.js';
import type { ConversationContent } from './conversation-views.js';

/**
 * Decrypts a conversation's contact and messages. Call only after the gate has allowed a content
 * view and recorded it, with the justification its decision carries. With a `redactor` (one per conversation), personal data in every field
 * is replaced by its typed tokens; the contact's name, which no detector finds yet, by `[NAME]`.
 */
export async function openConversationContent(
  deps: { readonly db: Kysely<Database>; readonly keyRing: KeyRing },
  conversation: ConversationRow,
  justification: UnwrapJustification,
  redactor?: Redactor,
): Promise<ConversationContent> {
  const tenantId = conversation.tenant_id;
  const [contact, messages] = await Promise.all([
    findContact(deps.db, tenantId, conversation.contact_id),
    listMessages(deps.db, tenantId, conversation.id),
  ]);
  const { email, name } = contact ? await openContactDetails(deps, contact, justification) : { email: null, name: null };
  const bodies = await Promise.all(messages.map((message) => deps.keyRing.openText(message.body_enc, messageBodyBinding(tenantId, message.id, conversation.contact_id), justification)));
  const hide = (text: string) => (redactor ? redactor.redact(text).text : text);
  return {
    contact: {
      email: email === null ? null : redactor ? redactedEmail(redactor, email) : email,
      name: name === null ? null : redactor ? '[NAME]' : name,
    },
    messages: messages.map((message, index) => ({
      id: message.id,
      author: { kind: message.author_kind, id: message.author_id },
      body: hide(bodies[index] ?? ''),
      createdAt: message.created_at,
    })),
  };
}

/** A contact's e-mail and name, decrypted; the same rule as `openConversationContent` applies. */
export async function openContactDetails(
  deps: { readonly keyRing: KeyRing },
  contact: ContactRow,
  justification: UnwrapJustification,
): Promise<{ email: string | null; name: string | null }> {
  const open = async (envelope: Buffer | null, column: 'email' | 'name') =>
    envelope ? deps.keyRing.openText(envelope, contactFieldBinding(contact.tenant_id, contact.id, column), justification) : null;
  return { email: await open(contact.email_enc, 'email'), name: await open(contact.name_enc, 'name') };
}

/** The address's token, or `[EMAIL]` if the redactor does not recognise all of it as one address. */
function redactedEmail(redactor: Redactor, email: string): string {
  const { text, findings } = redactor.redact(email);
  return findings.length === 1 && findings[0]?.kind === 'EMAIL' && text === findings[0].token ? text : '[EMAIL]';
}
