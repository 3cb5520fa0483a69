export { type AuditEvent, type AuditAction, type AuditChannel, AUDIT_ACTIONS, OPERATOR_LOG } from './audit-event.js';
export type { AuditLog, RecordedAuditEvent } from './audit-log.js';
export { SqlAuditLog } from './sql-audit-log.js';
export { canonicalJson } from './canonical-json.js';
