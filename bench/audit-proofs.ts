import type { VerifiableAuditLog } from '../src/audit/index.js';
import { verifyConsistency, verifyInclusion } from '../src/audit/merkle/index.js';
import { latency, seededRandom, timed, type Latency, type PhaseCost } from './audit-measure.js';

export interface ProofRun {
  readonly size: number;
  readonly inclusion: Latency & { readonly cost: PhaseCost };
  readonly consistency: Latency & { readonly cost: PhaseCost };
  /** How many of the proofs were also verified against the roots (RFC 9162 §2.1.3.2, §2.1.4.2). */
  readonly verified: number;
}

/**
 * Latency of `inclusionProof(index, size)` and `consistencyProof(from, size)` at random indexes of
 * a log of `size` entries, one request at a time, `count` of each or as many as fit in
 * `budgetSeconds`; the first `verify` of each are checked with the verifier's own functions
 * against roots from `rootAt`.
 */
export async function measureProofs(
  audit: VerifiableAuditLog,
  logId: string,
  size: number,
  count: number,
  rootAt: (size: number) => Promise<Uint8Array>,
  leafHash: (index: number) => Uint8Array,
  budgetSeconds: number,
  verify = 20,
): Promise<ProofRun> {
  const random = seededRandom(9162);
  const root = await rootAt(size);
  const inclusionSamples: number[] = [];
  const consistencySamples: number[] = [];
  let verified = 0;
  const within = (deadline: number) => performance.now() < deadline;
  const inclusion = await timed(async () => {
    const deadline = performance.now() + budgetSeconds * 1000;
    for (let n = 0; n < count && within(deadline); n++) {
      const index = Math.floor(random() * size);
      const started = performance.now();
      const proof = await audit.inclusionProof(logId, index, size);
      inclusionSamples.push(performance.now() - started);
      if (n < verify) {
        await verifyInclusion(index, size, leafHash(index), proof, root);
        verified += 1;
      }
    }
  });
  const consistency = await timed(async () => {
    const deadline = performance.now() + budgetSeconds * 1000;
    for (let n = 0; n < count && within(deadline); n++) {
      const from = 1 + Math.floor(random() * (size - 1));
      const started = performance.now();
      const proof = await audit.consistencyProof(logId, from, size);
      consistencySamples.push(performance.now() - started);
      if (n < verify) {
        await verifyConsistency(from, size, await rootAt(from), root, proof);
        verified += 1;
      }
    }
  });
  return {
    size,
    inclusion: { ...latency(inclusionSamples), cost: inclusion.cost },
    consistency: { ...latency(consistencySamples), cost: consistency.cost },
    verified,
  };
}
