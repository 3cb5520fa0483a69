export {
  DEFAULT_RETENTION_POLICY,
  RETENTION_BOUNDS,
  retentionPolicySchema,
  validateRetentionPolicy,
  isShortening,
  type RetentionPolicy,
} from './retention-policy.js';
export { LEGAL_HOLD_TARGETS, type LegalHold, type LegalHoldTarget } from './legal-hold.js';
export { planPurge, type RetentionFacts, type PurgePlan, type PlannedConversation, type HeldBack, type ConversationPurgeReason } from './plan-purge.js';
export { loadRetentionPolicy, type StoredRetention } from './load-retention-policy.js';
export { getRetentionPolicy, updateRetentionPolicy, type RetentionUpdate } from './manage-retention-policy.js';
export type { StaffTextDeps } from './staff-text-deps.js';
export { createLegalHold, listTenantLegalHolds, releaseTenantLegalHold, type LegalHoldView } from './manage-legal-holds.js';
export { purgeTenant, planTenantPurge, type PurgeReport, type RetentionDeps } from './purge-tenant.js';
export { purgeExpiredData, startRetentionPurge, RETENTION_JOB } from './purge-expired-data.js';
export { requestPurge } from './request-purge.js';
