import { encodeBase64 } from '../checkpoint/index.js';
import type { AuditEvent } from '../audit-event.js';
import type { AuditEntry } from '../log/index.js';

/**
 * One audit entry as it leaves for a SIEM: its index, its leaf hash (base64) and its event, or
 * `event: null` once retention has pruned the body. Events hold ids only, never content. The
 * canonical JSON (RFC 8785) of `event` is exactly the logged leaf bytes, so a receiver can check
 * `leafHash = SHA-256(0x00 ‖ canonicalJson(event))` (RFC 9162 §2.1.1).
 */
export interface ExportedEntry {
  readonly index: number;
  readonly leafHash: string;
  readonly event: AuditEvent | null;
}

/** The stored entry as exported; a body that no longer parses as JSON (tampering) exports as `null`, like a pruned one. */
export function toExportedEntry(entry: AuditEntry): ExportedEntry {
  return { index: entry.index, leafHash: encodeBase64(entry.leafHash), event: parseBody(entry.body) };
}

function parseBody(body: string | null): AuditEvent | null {
  if (body === null) return null;
  try {
    return JSON.parse(body) as AuditEvent;
  } catch {
    return null;
  }
}
