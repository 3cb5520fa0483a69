/**
 * The closed catalogue of error codes Sealdesk returns. Every code has an HTTP status and a
 * user-safe message; `docs/errors.md` lists the same codes and a test keeps the two in step.
 * Messages never contain customer content or PII.
 */
export const ERROR_CATALOGUE = {
  malformed_json: { status: 400, message: 'The request body is not valid JSON.' },
  invalid_request: { status: 400, message: 'The request does not match the expected shape.' },
  invalid_id: { status: 400, message: 'An identifier in the request is not well formed.' },
  unsupported_media_type: { status: 415, message: 'Send the request body as application/json.' },
  payload_too_large: { status: 413, message: 'The request body is larger than the server accepts.' },
  unauthenticated: { status: 401, message: 'Missing or invalid credentials.' },
  token_expired: { status: 401, message: 'The contact token has expired; start a new widget session.' },
  access_denied: { status: 403, message: 'You are not allowed to do this.' },
  content_access_denied: {
    status: 403,
    message: 'You may see this conversation exists but not read its content.',
  },
  operator_access_forbidden: { status: 403, message: 'This tenant does not allow operator staff to access its data.' },
  self_approval_forbidden: { status: 403, message: 'You cannot approve, deny or review your own access request.' },
  approver_not_eligible: { status: 403, message: 'Your role cannot fill any approval this request still needs.' },
  dual_control_required: { status: 403, message: 'This needs an approved request with two approvals from distinct people.' },
  duration_exceeds_policy: { status: 400, message: "The requested duration is longer than the tenant's access policy allows." },
  grant_state_conflict: { status: 409, message: 'The access request is not in a state that allows this.' },
  grant_expired: { status: 410, message: 'The access request or grant has expired.' },
  alert_unavailable: { status: 503, message: 'The security alert could not be raised, so the break-glass access was refused.' },
  retention_policy_invalid: { status: 400, message: 'The retention policy is outside the allowed bounds.' },
  not_found: { status: 404, message: 'No such resource.' },
  route_not_found: { status: 404, message: 'No such endpoint.' },
  conflict: { status: 409, message: 'The request conflicts with the current state.' },
  already_claimed: { status: 409, message: 'Another member has already claimed this conversation.' },
  conversation_resolved: { status: 409, message: 'The conversation is resolved; it opens again when the customer writes.' },
  already_initialised: { status: 409, message: 'The data directory already holds an installation.' },
  key_policy_refused: { status: 403, message: "The tenant's key policy refuses this kind of access to its data." },
  key_unavailable: { status: 503, message: 'The key needed to read this data is not available.' },
  key_destroyed: { status: 410, message: "The tenant's key was destroyed: the data it protected can never be read or written again." },
  decryption_failed: { status: 500, message: 'Stored data failed its integrity check.' },
  customer_key_refused: { status: 400, message: 'The customer-managed key was refused: its library is not allowed here, or its token, PIN or key cannot be used.' },
  invalid_key_import: { status: 400, message: 'The key import was refused: the wrapping did not open, or the import token is unknown, used or expired.' },
  root_key_in_use: { status: 409, message: 'This root key version is still in use, so it cannot be retired.' },
  backup_invalid: { status: 400, message: 'The backup file is damaged, truncated, or not signed by the expected key.' },
  audit_unavailable: { status: 503, message: 'The audit log could not record this access, so it was refused.' },
  export_unacknowledged: { status: 502, message: 'The export destination did not acknowledge the entries, so the export cursor did not move.' },
  provider_unavailable: { status: 503, message: 'The AI model is not available right now.' },
  region_mismatch: { status: 421, message: "This data belongs to another region than this node serves; use that region's nodes." },
  environment_mismatch: { status: 409, message: 'This data directory belongs to an installation of another environment (development or production).' },
  training_opted_out: { status: 403, message: 'This tenant has not opted in to the use of its data for training or evaluation.' },
  config_invalid: { status: 500, message: 'The server configuration is invalid.' },
  internal: { status: 500, message: 'Something went wrong on our side.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];
