import type { AuditEvent } from './audit-event.js';

/**
 * The append-only log port. `append` resolves only once the event is durable; callers that
 * release data must await it first, and fail closed (`audit_unavailable`) when it throws.
 */
export interface AuditLog {
  append(logId: string, event: AuditEvent): Promise<{ readonly index: number }>;
  read(logId: string, start: number, end: number): Promise<readonly RecordedAuditEvent[]>;
}

export interface RecordedAuditEvent {
  readonly index: number;
  readonly event: AuditEvent;
}
