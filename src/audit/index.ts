export { type AuditEvent, type AuditAction, type AuditChannel, AUDIT_ACTIONS, OPERATOR_LOG } from './audit-event.js';
export type { AuditLog, RecordedAuditEvent } from './audit-log.js';
export { canonicalJson } from './canonical-json.js';
export { MerkleAuditLog, auditSigningKeyBinding, logOrigin, type VerifiableAuditLog, type AuditEntry, type AuditSearch } from './log/index.js';
export { DEFAULT_AUDIT_RETENTION_DAYS, MIN_AUDIT_RETENTION_DAYS, MAX_AUDIT_RETENTION_DAYS, retentionCutoff } from './retention.js';
export { pruneExpiredBodies, startAuditRetention, type PruneDeps } from './prune-expired-bodies.js';
