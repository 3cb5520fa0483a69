import { createHash } from 'node:crypto';
import { benchEvent, benchEventBody } from './audit-events.js';

/**
 * A log of `size` entries built in memory for bulk loading: each entry's exact leaf bytes, and every
 * perfect-subtree hash the log stores in `audit_tree_nodes` (level 0: the leaf hashes; level l+1,
 * node k: SHA-256(0x01 ‖ node 2k ‖ node 2k+1) of level l — RFC 9162 §2.1.1). Hashed with
 * node:crypto for speed; the benchmark then checks the result against the log's own code.
 */
export interface BenchLog {
  readonly tenant: string;
  readonly size: number;
  /** All leaf bytes back to back; entry i is `bytes[offsets[i], offsets[i+1])`. */
  readonly bytes: Buffer;
  readonly offsets: Uint32Array;
  /** levels[l] holds floor(size / 2^l) hashes of 32 bytes, back to back. */
  readonly levels: readonly Buffer[];
  /** Milliseconds spent hashing the leaves and nodes with node:crypto (the whole tree, once). */
  readonly nodeCryptoTreeMs: number;
}

export function buildBenchLog(tenant: string, size: number): BenchLog {
  const bodies = Array.from({ length: size }, (_, n) => Buffer.from(benchEventBody(tenant, n), 'utf8'));
  const offsets = new Uint32Array(size + 1);
  for (let i = 0; i < size; i++) offsets[i + 1] = offsets[i]! + bodies[i]!.length;
  const bytes = Buffer.concat(bodies);

  const started = performance.now();
  const leaves = Buffer.alloc(size * 32);
  const leafPrefix = Buffer.of(0x00);
  for (let i = 0; i < size; i++) {
    createHash('sha256').update(leafPrefix).update(bytes.subarray(offsets[i], offsets[i + 1])).digest().copy(leaves, i * 32);
  }
  const levels = [leaves];
  const nodePrefix = Buffer.of(0x01);
  for (let below = leaves; below.length >= 64; ) {
    const count = Math.floor(below.length / 64);
    const level = Buffer.alloc(count * 32);
    for (let k = 0; k < count; k++) createHash('sha256').update(nodePrefix).update(below.subarray(k * 64, k * 64 + 64)).digest().copy(level, k * 32);
    levels.push(level);
    below = level;
  }
  return { tenant, size, bytes, offsets, levels, nodeCryptoTreeMs: performance.now() - started };
}

/** Entry i's leaf bytes (a view, not a copy). */
export function leafBytes(log: BenchLog, i: number): Buffer {
  return log.bytes.subarray(log.offsets[i], log.offsets[i + 1]);
}

/** The columns `audit_entries` copies out of entry i for search. */
export function entryColumns(
  log: BenchLog,
  i: number,
): { recordedAt: string; actorId: string; action: string; outcome: string; conversationId: string | null } {
  const event = benchEvent(log.tenant, i);
  return { recordedAt: event.time, actorId: event.actor.id, action: event.action, outcome: event.outcome, conversationId: event.resource.conversation ?? null };
}
