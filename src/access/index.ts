export { authorize, type Action, type Decision, type AccessDecision, type Resource, type ConversationFacts } from './authorize.js';
export { ACTIONS, ROLE_KEYS, PERMISSION_MATRIX, roleKeyOf, type Permission, type RoleKey } from './permission-matrix.js';
export type { AccessContext } from './access-context.js';
export { loadAccessContext } from './load-access-context.js';
export { VIEWS, viewRank, type View, type ContentView } from './views.js';
export {
  type Principal,
  type TenantRole,
  type OperatorRole,
  TENANT_ROLES,
  OPERATOR_ROLES,
  roleOf,
  tenantOf,
} from './principal.js';
export { authenticate, type AuthenticationDeps } from './authenticate.js';
export { issueApiKey, type IssuedApiKey } from './credentials/api-key.js';
export { signContactToken, CONTACT_TOKEN_TTL_SECONDS } from './credentials/contact-token.js';
export { enforce, justificationFor, type EnforcementDeps, type Enforcement, type AuditTarget, type GateDecision } from './enforce.js';
export { createKeyLayerGuard, refusedKeyClass, KEY_POLICY_CACHE_MS } from './key-layer/key-layer-guard.js';
export { recordAccessEvent, type AccessEvent } from './record-access-event.js';
export {
  GRANT_STATUSES,
  GRANT_KINDS,
  REVIEW_OUTCOMES,
  type Grant,
  type GrantStatus,
  type GrantKind,
  type GrantScope,
  type ApproverSlot,
  type Approval,
  type Review,
} from './grants/grant.js';
export { GRANT_TRANSITIONS, canTransition } from './grants/grant-transitions.js';
export { applyApproval } from './grants/apply-approval.js';
export { applyDenial } from './grants/apply-denial.js';
export { revokeGrant } from './grants/revoke-grant.js';
export { recordReview } from './grants/record-review.js';
export { activateGrant } from './grants/activate-grant.js';
export { settleGrant, isLive, remainingSeconds } from './grants/settle-grant.js';
export { newGrant, type GrantRequest } from './grants/new-grant.js';
export { grantToRow } from './grants/grant-record.js';
export {
  DEFAULT_ACCESS_POLICY,
  HARD_MAX_GRANT_MINUTES,
  HARD_MAX_BREAK_GLASS_MINUTES,
  type AccessPolicy,
  type ApprovalRule,
  KEY_REFUSAL_CLASSES,
  type KeyRefusalClass,
} from './policy/access-policy.js';
export { accessPolicySchema } from './policy/access-policy-schema.js';
export { isTightening } from './policy/is-tightening.js';
export { getAccessPolicy } from './policy/get-access-policy.js';
export { loadAccessPolicy } from './policy/load-access-policy.js';
export { updateAccessPolicy, type PolicyUpdate } from './policy/update-access-policy.js';
export type { AccessDeps } from './requests/access-deps.js';
export type { BreakGlassNotifier, BreakGlassNotice } from './requests/break-glass-notifier.js';
export { createAccessRequest, type NewAccessRequest, type CreatedAccessRequest } from './requests/create-access-request.js';
export { decideAccessRequest, type DecisionDeps, type TenantKeyDestruction } from './requests/decide-access-request.js';
export { revokeAccessRequest } from './requests/revoke-access-request.js';
export { reviewBreakGlass } from './requests/review-break-glass.js';
export { listAccessRequests, MAX_ACCESS_REQUEST_PAGE, type AccessRequestFilter } from './requests/list-access-requests.js';
export { getAccessRequest } from './requests/get-access-request.js';
export { escalateOverdueReviews } from './requests/escalate-overdue-reviews.js';
export { requestExport, type ExportKind } from './requests/request-export.js';
export { insertChangeRequest, type ChangeRequestKind, type PendingChangeRequest } from './requests/insert-change-request.js';
export { revokeHeldGrants } from './requests/revoke-held-grants.js';
export { loadGrant } from './requests/load-grant.js';
export type { GrantView } from './requests/grant-view.js';
export { startBreakGlassEscalation } from './requests/start-break-glass-escalation.js';
