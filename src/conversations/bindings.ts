import type { Binding } from '../crypto/index.js';

/**
 * Where each sealed column lives; the binding is authenticated with its ciphertext. Everything
 * about a contact — their details and every message of their conversations — is sealed to their
 * subject key, so erasing them destroys it all at once (crypto-shredding).
 */
export const messageBodyBinding = (tenant: string, messageId: string, contactId: string): Binding => ({
  tenant,
  table: 'messages',
  column: 'body',
  row: messageId,
  subject: contactId,
});

export const contactFieldBinding = (tenant: string, contactId: string, column: 'email' | 'name'): Binding => ({
  tenant,
  table: 'contacts',
  column,
  row: contactId,
  subject: contactId,
});

/** A conversation's pseudonym mapping (the values behind its tokens), sealed to its contact. */
export const conversationPseudonymsBinding = (tenant: string, conversationId: string, contactId: string): Binding => ({
  tenant,
  table: 'conversations',
  column: 'pseudonyms',
  row: conversationId,
  subject: contactId,
});
