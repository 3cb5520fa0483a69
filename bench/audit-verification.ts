import { createHash, webcrypto } from 'node:crypto';
import { verifyLog } from '../src/audit/verifier/index.js';
import { leafBytes, type BenchLog } from './audit-bench-log.js';
import { round, timed, type PhaseCost } from './audit-measure.js';

export interface Throughput {
  readonly entries: number;
  readonly megabytes: number;
  readonly seconds: number;
  readonly entriesPerSecond: number;
  readonly megabytesPerSecond: number;
}

export interface VerificationRun {
  /** `verifyLog` with every entry's leaf bytes (the `--full` check): signature, then the whole tree rebuilt. */
  readonly fullLog: Throughput & { readonly ok: boolean; readonly cost: PhaseCost };
  /** The same tree (N leaf hashes, N − 1 node hashes) with node:crypto createHash: SHA-256 with no per-call WebCrypto cost. */
  readonly nodeCryptoTree: Throughput;
  /** SHA-256(0x00 ‖ leaf) per entry over a sample of the same leaves, one WebCrypto `subtle.digest` call each. */
  readonly webCryptoPerLeaf: Throughput & { readonly inFlight: number };
  /** node:crypto `createHash` per entry over the same sample. */
  readonly nodeCryptoPerLeaf: Throughput;
  /** Raw streaming SHA-256 over the same bytes as one message (no per-entry calls). */
  readonly nodeCryptoBulk: Throughput;
  readonly webCryptoBulk: Throughput;
}

const MB = 1e6;

function throughput(entries: number, bytes: number, seconds: number): Throughput {
  return {
    entries,
    megabytes: round(bytes / MB),
    seconds: round(seconds, 2),
    entriesPerSecond: round(entries / seconds),
    megabytesPerSecond: round(bytes / MB / seconds),
  };
}

/**
 * Full-log verification as a customer's verifier runs it, against raw SHA-256 on the same leaf
 * bytes. MB are 10^6 bytes of leaf data (the entries' canonical JSON), so the figures compare
 * directly; the tree's node hashes (65 bytes each) are extra work the per-entry figures include.
 */
export async function measureVerification(log: BenchLog, checkpoint: string, verifierKey: string, sampleSize: number): Promise<VerificationRun> {
  const leaves = Array.from({ length: log.size }, (_, i) => ({ leafBytes: leafBytes(log, i) as Uint8Array }));
  const full = await timed(() => verifyLog({ verifierKey, newCheckpoint: checkpoint, fullLog: leaves }));
  const failed = full.value.checks.filter((check) => !check.ok);
  if (failed.length > 0) throw new Error(`full-log verification failed: ${JSON.stringify(failed)}`);

  const sample = Math.min(sampleSize, log.size);
  const sampleBytes = log.offsets[sample]!;
  const prefixed = Array.from({ length: sample }, (_, i) => Buffer.concat([Buffer.of(0), leafBytes(log, i)]));
  const inFlight = 64;
  const web = await timed(async () => {
    for (let i = 0; i < sample; i += inFlight) {
      await Promise.all(prefixed.slice(i, i + inFlight).map((data) => webcrypto.subtle.digest('SHA-256', data)));
    }
  });
  const node = await timed(() => {
    for (const data of prefixed) createHash('sha256').update(data).digest();
  });
  const bulkNode = await timed(() => createHash('sha256').update(log.bytes).digest());
  const bulkWeb = await timed(() => webcrypto.subtle.digest('SHA-256', log.bytes));

  return {
    fullLog: { ...throughput(log.size, log.bytes.length, full.cost.wallSeconds), ok: full.value.ok, cost: full.cost },
    nodeCryptoTree: throughput(log.size, log.bytes.length, log.nodeCryptoTreeMs / 1000),
    webCryptoPerLeaf: { ...throughput(sample, sampleBytes, web.cost.wallSeconds), inFlight },
    nodeCryptoPerLeaf: throughput(sample, sampleBytes, node.cost.wallSeconds),
    nodeCryptoBulk: throughput(log.size, log.bytes.length, bulkNode.cost.wallSeconds),
    webCryptoBulk: throughput(log.size, log.bytes.length, bulkWeb.cost.wallSeconds),
  };
}
