import type { Binding } from '../crypto/index.js';

/** Where each sealed column lives; the binding is authenticated with its ciphertext. */
export const messageBodyBinding = (tenant: string, messageId: string): Binding => ({
  tenant,
  table: 'messages',
  column: 'body',
  row: messageId,
});

export const contactFieldBinding = (tenant: string, contactId: string, column: 'email' | 'name'): Binding => ({
  tenant,
  table: 'contacts',
  column,
  row: contactId,
});
