import { parseCheckpoint } from '../checkpoint/index.js';
import { verifyLog, type LogReport } from '../verifier/index.js';
import type { LogBundle } from './log-bundle.js';

/** Verifies a bundle against the customer's trusted key and, if kept, their older checkpoint. */
export function verifyBundle(bundle: LogBundle, verifierKey: string, oldCheckpoint?: string): Promise<LogReport> {
  return verifyLog({
    verifierKey,
    newCheckpoint: bundle.checkpoint,
    ...(oldCheckpoint !== undefined && { oldCheckpoint }),
    ...(bundle.consistency && { consistencyProof: bundle.consistency.proof }),
    ...(bundle.entries && { entries: bundle.entries }),
    ...(bundle.fullLog && { fullLog: bundle.fullLog }),
  });
}

/** The size of a checkpoint note, read without verifying it (only to ask for the right proof). */
export function checkpointSize(note: string): number {
  const text = note.split('\n\n')[0] ?? '';
  return parseCheckpoint(`${text}\n`).size;
}
