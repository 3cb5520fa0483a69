import { HASH_SIZE } from '../merkle/index.js';
import { encodeBase64 } from './base64.js';
import type { Checkpoint } from './checkpoint.js';
import { CheckpointError } from './checkpoint-error.js';
import { hasOnlyNoteCharacters } from './note-syntax.js';

/**
 * The C2SP tlog-checkpoint note text: origin, decimal size, base64 root, then extension lines,
 * each ending in a newline. Refuses (`malformed_checkpoint`) what {@link parseCheckpoint} would.
 */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  const refuse = (why: string) => new CheckpointError('malformed_checkpoint', `cannot format a checkpoint: ${why}`);
  if (!Number.isSafeInteger(checkpoint.size) || checkpoint.size < 0) throw refuse('size is not a non-negative integer');
  if (checkpoint.rootHash.length !== HASH_SIZE) throw refuse(`root hash is not ${HASH_SIZE} bytes`);
  const { origin, size, rootHash, extensions = [] } = checkpoint;
  const lines = [origin, String(size), encodeBase64(rootHash), ...extensions];
  if (lines.some((line) => line === '' || line.includes('\n') || !hasOnlyNoteCharacters(line))) {
    throw refuse('origin and extensions must be non-empty lines without control characters');
  }
  return lines.map((line) => `${line}\n`).join('');
}
