export { verifyLog, type VerifyLogInput } from './verify-log.js';
export type { EntryProof, LogLeaf } from './log-checks.js';
export type { BytesInput } from './bytes-input.js';
export type { LogCheck, LogCheckName, LogReport } from './log-report.js';
