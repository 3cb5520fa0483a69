import type { KeyRing, UnwrapJustification } from '../crypto/index.js';
import { emptyMapping, parseMapping, type PseudonymMapping } from '../privacy/index.js';
import type { ConversationRow } from '../store/index.js';
import { conversationPseudonymsBinding } from './bindings.js';

/**
 * A conversation's pseudonym mapping (the values behind its tokens), decrypted; empty while the
 * assistant has stored none. Call only after the gate allowed reading it, with its justification.
 * The mapping is as sensitive as the messages: it never leaves the process.
 */
export async function openPseudonyms(deps: { readonly keyRing: KeyRing }, conversation: ConversationRow, justification: UnwrapJustification): Promise<PseudonymMapping> {
  if (!conversation.pseudonyms_enc) return emptyMapping();
  const binding = conversationPseudonymsBinding(conversation.tenant_id, conversation.id, conversation.contact_id);
  return parseMapping(JSON.parse(await deps.keyRing.openText(conversation.pseudonyms_enc, binding, justification)));
}
