import type { ConversationRow } from '../store/index.js';

/** Metadata only: ids, times, status, assignee, channel, message count. Never content. */
export interface ConversationMetadata {
  readonly id: string;
  readonly tenantId: string;
  readonly contactId: string;
  readonly status: string;
  readonly channel: string;
  readonly assigneeId: string | null;
  readonly messageCount: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface MessageView {
  readonly id: string;
  readonly author: { readonly kind: string; readonly id: string };
  readonly body: string;
  readonly createdAt: string;
}

/** The full view: metadata, the contact's details and every message, decrypted. */
export interface ConversationWithContent extends ConversationMetadata {
  readonly view: 'full';
  readonly contact: { readonly email: string | null; readonly name: string | null };
  readonly messages: readonly MessageView[];
}

export function toMetadata(row: ConversationRow): ConversationMetadata {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    contactId: row.contact_id,
    status: row.status,
    channel: row.channel,
    assigneeId: row.assignee_id,
    messageCount: Number(row.message_count),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
