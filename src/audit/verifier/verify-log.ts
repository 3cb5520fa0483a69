import { CheckpointError, parseVerifierKey } from '../checkpoint/index.js';
import { MerkleError } from '../merkle/index.js';
import type { BytesInput } from './bytes-input.js';
import { CheckFailure } from './check-failure.js';
import {
  checkConsistency,
  checkGrowth,
  checkInclusion,
  checkFullLog,
  checkOrigin,
  openCheckpoint,
  type EntryProof,
  type LogLeaf,
} from './log-checks.js';
import type { LogCheck, LogCheckName, LogReport } from './log-report.js';

/** What a customer holds: the log's key, checkpoints as signed notes, and proofs from the server. */
export interface VerifyLogInput {
  /** The trusted key, `<name>+<key ID>+<base64 key>` (see encodeVerifierKey). */
  readonly verifierKey: string;
  /** The log the checkpoints must be for; defaults to the key name, as tlog-checkpoint recommends. */
  readonly origin?: string;
  /** A checkpoint kept from before, to check the log only grew since. */
  readonly oldCheckpoint?: string;
  readonly newCheckpoint: string;
  /** Consistency proof from the old checkpoint's size to the new one's. */
  readonly consistencyProof?: readonly BytesInput[];
  /** Entries to prove in the new checkpoint's tree. */
  readonly entries?: readonly EntryProof[];
  /** Every entry of the log in order, to rebuild the whole tree and compare it with the new checkpoint. */
  readonly fullLog?: readonly LogLeaf[];
}

/**
 * Checks a log offline without trusting the server: the signatures of the new (and old)
 * checkpoint, their origin, that the log did not shrink, consistency old → new (RFC 9162
 * §2.1.4.2), and the inclusion of each entry from its exact bytes (§2.1.3.2). Runs in a browser
 * (WebCrypto only). Every failure is a failing check; checks that depend on a failed one are not
 * run, and the report is `ok` only if every check passed.
 */
export async function verifyLog(input: VerifyLogInput): Promise<LogReport> {
  const checks: LogCheck[] = [];
  const report = (): LogReport => ({ ok: checks.every((check) => check.ok), checks });
  const run = <T>(name: LogCheckName, check: () => Promise<[T, string]>, context = '') =>
    runCheck(checks, name, check, context);

  const key = await run('verifier_key', async () => {
    const parsed = await parseVerifierKey(input.verifierKey);
    return [parsed, `trusting key ${parsed.name}`];
  });
  if (!key) return report();
  const next = await run('new_checkpoint', () => openCheckpoint(input.newCheckpoint, input.verifierKey));
  if (!next) return report();
  const { oldCheckpoint } = input;
  const old =
    oldCheckpoint === undefined
      ? undefined
      : await run('old_checkpoint', () => openCheckpoint(oldCheckpoint, input.verifierKey));
  await run('origin', () => checkOrigin(input.origin ?? key.name, old ? [old, next] : [next]));
  if (old && (await run('size', () => checkGrowth(old, next)))) {
    await run('consistency', () => checkConsistency(old, next, input.consistencyProof));
  }
  for (const entry of input.entries ?? []) {
    await run('inclusion', () => checkInclusion(entry, next), `entry ${entry.index}: `);
  }
  if (input.fullLog) {
    const leaves = input.fullLog;
    await run('full_log', () => checkFullLog(leaves, next));
  }
  return report();
}

/** Records one check: merkle, checkpoint and verifier failures fail the check; anything else propagates. */
async function runCheck<T>(
  checks: LogCheck[],
  name: LogCheckName,
  check: () => Promise<[T, string]>,
  context: string,
): Promise<T | undefined> {
  try {
    const [value, detail] = await check();
    checks.push({ name, ok: true, detail });
    return value;
  } catch (error) {
    const expected = error instanceof MerkleError || error instanceof CheckpointError || error instanceof CheckFailure;
    if (!expected) throw error;
    checks.push({ name, ok: false, detail: `${context}${error.message}` });
    return undefined;
  }
}
