/**
 * Data subjects' requests: export everything held about a person, or erase it — rows deleted
 * and their subject key destroyed (crypto-shredding). Found by the blind index of their e-mail.
 */
export { canHandleSubjectRequest, type SubjectRequestDecision } from './can-handle-subject-request.js';
export type { SubjectRequest } from './find-subject.js';
export { exportSubjectData, type SubjectExport } from './export-subject-data.js';
export { eraseSubject, type ErasureReceipt } from './erase-subject.js';
