import type { View } from '../access/index.js';
import type { ConversationRow } from '../store/index.js';

/** Metadata only: ids, times, status, assignee and team queue, channel, message count. Never content. */
export interface ConversationMetadata {
  readonly id: string;
  readonly tenantId: string;
  readonly contactId: string;
  readonly status: string;
  readonly channel: string;
  readonly assigneeId: string | null;
  readonly teamId: string | null;
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

/** A conversation's content: the contact's details and every message, decrypted (and maybe redacted). */
export interface ConversationContent {
  readonly contact: { readonly email: string | null; readonly name: string | null };
  readonly messages: readonly MessageView[];
}

/** Why the caller got the view they got: the rule that decided, and the grant it relied on. */
export interface ViewAccess {
  readonly rule: string;
  readonly grantId: string | null;
}

/**
 * What `GET /v1/conversations/{id}` answers: the best view the caller may have. `masked` carries
 * metadata only; `redacted` carries content with personal data replaced by typed tokens; `full`
 * carries the content as written.
 */
export type ConversationView =
  | (ConversationMetadata & { readonly view: Extract<View, 'masked'>; readonly access: ViewAccess })
  | (ConversationMetadata & ConversationContent & { readonly view: Exclude<View, 'masked'>; readonly access: ViewAccess });

export function toMetadata(row: ConversationRow): ConversationMetadata {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    contactId: row.contact_id,
    status: row.status,
    channel: row.channel,
    assigneeId: row.assignee_id,
    teamId: row.team_id,
    messageCount: Number(row.message_count),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
