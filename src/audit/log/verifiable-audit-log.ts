import type { AuditLog, RecordedAuditEvent } from '../audit-log.js';

/** An entry as stored: its exact leaf bytes (canonical JSON), or only its leaf hash once pruned. */
export interface AuditEntry {
  readonly index: number;
  readonly recordedAt: string;
  readonly leafHash: Uint8Array;
  readonly body: string | null;
}

export interface AuditSearch {
  readonly actor?: string | undefined;
  readonly conversation?: string | undefined;
  readonly action?: string | undefined;
  /** ISO 8601 times, inclusive start and exclusive end. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly limit: number;
}

/**
 * The audit log as a transparency log (RFC 9162): besides appending, it serves entries with their
 * exact leaf bytes, inclusion and consistency proofs, and signed checkpoints, so that a customer
 * can check it without trusting the server.
 */
export interface VerifiableAuditLog extends AuditLog {
  size(logId: string): Promise<number>;
  entries(logId: string, start: number, end: number): Promise<AuditEntry[]>;
  search(logId: string, filter: AuditSearch): Promise<RecordedAuditEvent[]>;
  /** Requires 0 <= index < size <= the log's size. */
  inclusionProof(logId: string, index: number, size: number): Promise<Uint8Array[]>;
  /** Requires 0 < from <= to <= the log's size. */
  consistencyProof(logId: string, from: number, to: number): Promise<Uint8Array[]>;
  /** The latest checkpoint as a C2SP signed note, signing a new one when the log has grown. */
  checkpoint(logId: string): Promise<string>;
  /** The C2SP verifier key (`name+hash+base64`) of the log's checkpoint signatures. */
  verifierKey(logId: string): Promise<string>;
  /** Drops the bodies of entries recorded before `before`, keeping their leaf hashes; returns how many. */
  pruneBodies(logId: string, before: string): Promise<number>;
}
