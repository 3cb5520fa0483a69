import type { Generated } from 'kysely';

/**
 * The tables as Kysely sees them. Columns ending in `_enc` hold AES-256-GCM envelopes from the
 * key ring; nothing else holds customer content. Times are ISO 8601 UTC strings, which sort
 * correctly as text in both dialects.
 */
export interface Database {
  monitor_settings: MonitorSettingsTable;
  monitor_cursors: MonitorCursorsTable;
  monitor_firings: MonitorFiringsTable;
  tenants: TenantsTable;
  database_region: DatabaseRegionTable;
  members: MembersTable;
  api_keys: ApiKeysTable;
  contacts: ContactsTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  answer_traces: AnswerTracesTable;
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
  teams: TeamsTable;
  team_members: TeamMembersTable;
  access_policies: AccessPoliciesTable;
  access_grants: AccessGrantsTable;
  access_approvals: AccessApprovalsTable;
  kb_articles: KbArticlesTable;
  assistant_settings: AssistantSettingsTable;
  retention_policies: RetentionPoliciesTable;
  legal_holds: LegalHoldsTable;
  backup_signing_keys: BackupSigningKeysTable;
  tenant_key_states: TenantKeyStatesTable;
  key_import_keys: KeyImportKeysTable;
  key_import_tokens: KeyImportTokensTable;
  key_rotations: KeyRotationsTable;
  training_consents: TrainingConsentsTable;
  key_rotation_policies: KeyRotationPoliciesTable;
  customer_managed_keys: CustomerManagedKeysTable;
  root_key_rotations: RootKeyRotationsTable;
  root_key_policy: InstallationKeyPolicyTable;
  operator_key_rotation_policy: InstallationKeyPolicyTable;
}

export interface TenantsTable {
  id: string;
  name: string;
  /** Audit entry bodies older than this are pruned (leaf hashes stay). */
  audit_retention_days: number;
  created_at: string;
  /** Where the tenant's data lives (added by migration 0013); always this database's region. */
  region: string;
}

/** The region this database serves: one row (`id` 1), written at init. */
export interface DatabaseRegionTable {
  id: number;
  region: string;
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
  /** The team queue the conversation waits in (added by migration 0003). */
  team_id: string | null;
  message_count: number;
  created_at: string;
  updated_at: string;
  /** The conversation's pseudonym mapping, sealed to its contact (added by migration 0009). */
  pseudonyms_enc: Buffer | null;
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

/** What one assistant reply was based on: ids, scores and decisions (`trace_json`), never text. */
export interface AnswerTracesTable {
  id: string;
  tenant_id: string;
  conversation_id: string;
  /** The customer's message answered, and the assistant's reply (or handoff notice). */
  customer_message_id: string;
  reply_message_id: string;
  decision: string;
  handoff_reason: string | null;
  provider: string;
  trace_json: string;
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
  /** `generated` here, or `imported` by the tenant (BYOK); a tenant key's provenance. */
  origin: Generated<string>;
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
  outcome: string;
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

/** A BYOK import token (migration 0015): bound to one tenant and one import wrapping key, used once. */
export interface KeyImportTokensTable {
  id: string;
  tenant_id: string;
  import_key_id: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  used_version: number | null;
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

/** A tenant's team; its members work the conversations in its queue. */
export interface TeamsTable {
  id: string;
  tenant_id: string;
  name: string;
  created_at: string;
}

export interface TeamMembersTable {
  tenant_id: string;
  team_id: string;
  member_id: string;
  created_at: string;
}

/** A tenant's access policy as JSON (`access/policy`), versioned; absent means the default. */
export interface AccessPoliciesTable {
  tenant_id: string;
  policy: string;
  version: number;
  updated_at: string;
  updated_by: string;
}

/**
 * Access requests and the grants they become (`access/grants/grant.ts`). `purpose` and
 * `review_notes` are staff text stored after redaction; `conversation_ids` and
 * `required_approvals` are JSON; `payload` is the proposed policy of a `policy-change`.
 */
export interface AccessGrantsTable {
  id: string;
  tenant_id: string;
  kind: string;
  holder_id: string;
  holder_kind: string;
  holder_role: string;
  scope_kind: string;
  conversation_ids: string | null;
  contact_id: string | null;
  view: string | null;
  purpose: string;
  ticket: string;
  break_glass: number;
  duration_minutes: number;
  status: string;
  rule: string;
  required_approvals: string;
  payload: string | null;
  created_at: string;
  pending_until: string;
  approved_at: string | null;
  activated_at: string | null;
  expires_at: string | null;
  ended_at: string | null;
  ended_by: string | null;
  reviewed_by: string | null;
  reviewer_role: string | null;
  review_outcome: string | null;
  review_notes: string | null;
  reviewed_at: string | null;
  escalated_at: string | null;
}

/** One approval of one request, by a distinct person. */
export interface AccessApprovalsTable {
  grant_id: string;
  tenant_id: string;
  approver_id: string;
  approver_role: string;
  created_at: string;
}

/** A log's monitor rules as JSON (see src/monitors/monitor-settings.ts); absent means the defaults. */
export interface MonitorSettingsTable {
  log_id: string;
  settings: string;
  updated_at: string;
}

/** The next audit entry the monitors will read in each log. */
export interface MonitorCursorsTable {
  log_id: string;
  next_index: number;
  updated_at: string;
}

/** Findings that already raised an alert, so each raises one. */
export interface MonitorFiringsTable {
  log_id: string;
  finding_key: string;
  alert_id: string;
  created_at: string;
}

/** A knowledge-base article (migration 0005); title and body are sealed, bound to their row. */
export interface KbArticlesTable {
  id: string;
  tenant_id: string;
  /** The file name when ingested from a directory, else the article id. */
  source_id: string;
  format: string;
  title_enc: Buffer;
  body_enc: Buffer;
  created_at: string;
  updated_at: string;
}

/** A tenant's answer provider (absent row: the offline answerer). `api_key_enc` is sealed to the row. */
export interface AssistantSettingsTable {
  tenant_id: string;
  provider: string;
  base_url: string | null;
  chat_model: string | null;
  embedding_model: string | null;
  api_key_enc: Buffer | null;
  on_failure: string;
  timeout_ms: number;
  updated_at: string;
  updated_by: string;
}

/** A tenant's retention periods in days (migration 0007); absent means the defaults. `kb_days` null: articles are kept. */
export interface RetentionPoliciesTable {
  tenant_id: string;
  conversation_days: number;
  contact_days: number;
  kb_days: number | null;
  version: number;
  updated_at: string;
  updated_by: string;
}

/**
 * A legal hold (migration 0007): while `released_at` is null, the target (the whole tenant, a
 * contact or a conversation) is never purged. `reason` is staff text stored after redaction.
 */
export interface LegalHoldsTable {
  id: string;
  tenant_id: string;
  target_kind: string;
  target_id: string;
  reason: string;
  ticket: string;
  created_by: string;
  created_at: string;
  released_at: string | null;
  released_by: string | null;
}

/** The installation's Ed25519 key that signs its backups (migration 0008); the private key is sealed by the key ring. */
export interface BackupSigningKeysTable {
  id: string;
  public_key: string;
  private_key_enc: Buffer;
  created_at: string;
}

/** A tenant key the tenant has disabled (or enabled again); no row: enabled. */
export interface TenantKeyStatesTable {
  tenant_id: string;
  state: string;
  changed_at: string;
  changed_by: string;
}

/** The installation's RSA-OAEP key pair for BYOK imports: public key as PEM, private key sealed. */
export interface KeyImportKeysTable {
  id: string;
  public_key: string;
  private_key_enc: Buffer;
  created_at: string;
}

/**
 * A rotation of a scope's keys and its background job's progress (migration 0012). `cursor` is
 * JSON the job reads back; `lease_until` keeps two runners off one job.
 */
export interface KeyRotationsTable {
  id: string;
  scope: string;
  level: string;
  status: string;
  phase: string;
  cursor: string | null;
  pass: number;
  pass_started_at: string | null;
  tenant_version: number;
  content_version: number;
  total: number;
  scanned: number;
  resealed: number;
  pass_resealed: number;
  rewrapped: number;
  requested_by: string;
  started_at: string;
  updated_at: string;
  completed_at: string | null;
  error_code: string | null;
  lease_until: string | null;
}

/** Whether a tenant opted in to training and evaluation use of its data (migration 0014); no row: opted out. */
export interface TrainingConsentsTable {
  tenant_id: string;
  /** 1 opted in, 0 opted out. */
  opted_in: number;
  ticket: string;
  updated_at: string;
  updated_by: string;
}

/** A tenant's rotation period (migration 0016); no row is no rotation by policy. */
export interface KeyRotationPoliciesTable {
  tenant_id: string;
  /** Days a tenant key version may serve before `serve` rotates it; null: off. */
  rotation_days: number | null;
  ticket: string;
  changed_at: string;
  changed_by: string;
}

/** A tenant's customer-managed key (migration 0019): it wraps the tenant key from `from_version` on. */
export interface CustomerManagedKeysTable {
  tenant_id: string;
  from_version: number;
  /** The PKCS#11 library's path; one of `SEALDESK_CUSTOMER_KEY_MODULES`. */
  module: string;
  token_label: string;
  key_label: string;
  /** `pkcs11-<CKA_ID hex>` of the key when it was adopted; a key with the label but another id is refused. */
  key_id: string;
  /** The token's user PIN, sealed under the installation's (`operator`) content key. */
  pin_enc: Buffer;
  ticket: string;
  created_at: string;
  created_by: string;
}

/**
 * A root key rotation asked for through the API or by policy, and its job's progress (migration
 * 0020). `phase` is `version` (make the new root key version), then `rewrap`; `unfinished` is 1
 * until it completes (one at a time), null after; `lease_until` keeps two runners off one job.
 */
export interface RootKeyRotationsTable {
  id: string;
  status: string;
  unfinished: number | null;
  phase: string;
  /** The version this rotation made; null until made. */
  root_key: string | null;
  /** The newest version before it. */
  previous_root_key: string | null;
  /** PKCS#11: the label asked for the new key object; null for the default. */
  key_label: string | null;
  pass: number;
  scanned: number;
  rewrapped: number;
  customer_managed: number;
  requested_by: string;
  ticket: string | null;
  started_at: string;
  updated_at: string;
  completed_at: string | null;
  error_code: string | null;
  lease_until: string | null;
}

/**
 * A rotation period of the installation's keys, one row (`id` 1; none is off): the root key's
 * (`root_key_policy`, migration 0020) and the `operator` scope's (`operator_key_rotation_policy`, 0021).
 */
export interface InstallationKeyPolicyTable {
  id: number;
  /** Days the newest version may serve before `serve` rotates it; null: off. */
  rotation_days: number | null;
  ticket: string;
  changed_at: string;
  changed_by: string;
}
