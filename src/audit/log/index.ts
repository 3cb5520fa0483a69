export { MerkleAuditLog } from './merkle-audit-log.js';
export type { VerifiableAuditLog, AuditEntry, AuditSearch } from './verifiable-audit-log.js';
export { auditSigningKeyBinding, logOrigin } from './audit-signer.js';
