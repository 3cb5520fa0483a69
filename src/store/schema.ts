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
  audit_entries: AuditEntriesTable;
  audit_tree_nodes: AuditTreeNodesTable;
  audit_heads: AuditHeadsTable;
  audit_checkpoints: AuditCheckpointsTable;
  audit_signing_keys: AuditSigningKeysTable;
  alerts: AlertsTable;
  alert_webhooks: AlertWebhooksTable;
  alert_email_recipients: AlertEmailRecipientsTable;
  alert_deliveries: AlertDeliveriesTable;
}

export interface TenantsTable {
  id: string;
  name: string;
  /** Audit entry bodies older than this are pruned (leaf hashes stay). */
  audit_retention_days: number;
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

/**
 * One audit log entry. `body` is the entry's exact canonical JSON (the Merkle leaf's data); it is
 * set to null when retention prunes it, while `leaf_hash` stays so old proofs still verify. The
 * other columns are copies of fields in `body`, for search.
 */
export interface AuditEntriesTable {
  log_id: string;
  idx: number;
  recorded_at: string;
  actor_id: string;
  action: string;
  conversation_id: string | null;
  leaf_hash: Buffer;
  body: string | null;
}

/** Stored perfect-subtree hashes of each log's Merkle tree (level 0 = leaf hashes). */
export interface AuditTreeNodesTable {
  log_id: string;
  level: number;
  idx: number;
  hash: Buffer;
}

/** Each log's current size and root; the row appends lock to serialise. */
export interface AuditHeadsTable {
  log_id: string;
  size: number;
  root_hash: Buffer;
  updated_at: string;
}

/** Signed checkpoints (C2SP signed notes) as published. */
export interface AuditCheckpointsTable {
  log_id: string;
  size: number;
  note: string;
  created_at: string;
}

/** Each log's Ed25519 key pair; the private key is sealed by the key ring. */
export interface AuditSigningKeysTable {
  log_id: string;
  public_key: Buffer;
  private_key_enc: Buffer;
  created_at: string;
}

/**
 * A security alert for `scope` (a tenant id, or `operator`). `summary` and `details` (JSON) hold
 * ids and counts only, never customer content or PII.
 */
export interface AlertsTable {
  id: string;
  scope: string;
  kind: string;
  severity: string;
  summary: string;
  details: string;
  created_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
}

/** A signed-webhook destination of a scope; the signing secret is sealed by the key ring. */
export interface AlertWebhooksTable {
  id: string;
  scope: string;
  url: string;
  secret_enc: Buffer;
  created_at: string;
  removed_at: string | null;
}

/** An e-mail destination of a scope: a staff address, not a customer's. */
export interface AlertEmailRecipientsTable {
  id: string;
  scope: string;
  email: string;
  created_at: string;
  removed_at: string | null;
}

/**
 * One alert's delivery to one destination, a job for the delivery worker. `last_error` is a short
 * code (`http_500`, `timeout`, …), never a message.
 */
export interface AlertDeliveriesTable {
  alert_id: string;
  destination_id: string;
  channel: string;
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  delivered_at: string | null;
}
