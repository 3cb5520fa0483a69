/**
 * The tables as Kysely sees them. Columns ending in `_enc` hold AES-256-GCM envelopes from the
 * key ring; nothing else holds customer content. Times are ISO 8601 UTC strings, which sort
 * correctly as text in both dialects.
 */
export interface Database {
  tenants: TenantsTable;
  members: MembersTable;
  api_keys: ApiKeysTable;
  contacts: ContactsTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  wrapped_keys: WrappedKeysTable;
  audit_events: AuditEventsTable;
}

export interface TenantsTable {
  id: string;
  name: string;
  created_at: string;
}

/** `scope` is a tenant id, or `operator` for the installation's own staff. */
export interface MembersTable {
  id: string;
  scope: string;
  email: string;
  name: string;
  role: string;
  created_at: string;
  removed_at: string | null;
}

export interface ApiKeysTable {
  id: string;
  member_id: string;
  secret_hash: Buffer;
  created_at: string;
  revoked_at: string | null;
}

export interface ContactsTable {
  id: string;
  tenant_id: string;
  email_index: string | null;
  email_enc: Buffer | null;
  name_enc: Buffer | null;
  created_at: string;
}

export interface ConversationsTable {
  id: string;
  tenant_id: string;
  contact_id: string;
  status: string;
  channel: string;
  assignee_id: string | null;
  message_count: number;
  created_at: string;
  updated_at: string;
}

export interface MessagesTable {
  id: string;
  tenant_id: string;
  conversation_id: string;
  position: number;
  author_kind: string;
  author_id: string;
  body_enc: Buffer;
  created_at: string;
}

export interface WrappedKeysTable {
  scope: string;
  kind: string;
  purpose: string;
  version: number;
  parent_version: number;
  wrapped_key: Buffer;
  created_at: string;
}

export interface AuditEventsTable {
  scope: string;
  seq: number;
  recorded_at: string;
  body: string;
}
