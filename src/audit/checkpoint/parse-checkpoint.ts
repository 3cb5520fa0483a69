import { HASH_SIZE } from '../merkle/index.js';
import { decodeBase64 } from './base64.js';
import type { Checkpoint } from './checkpoint.js';
import { CheckpointError } from './checkpoint-error.js';
import { hasOnlyNoteCharacters } from './note-syntax.js';

/**
 * Parses C2SP tlog-checkpoint note text strictly: at least three non-empty lines each ending in a
 * newline; a decimal size without leading zeroes that is a safe integer; a root that is canonical
 * base64 of 32 bytes. Anything else fails closed with `malformed_checkpoint`. Parse only text
 * returned by {@link verifyNote}.
 */
export function parseCheckpoint(text: string): Required<Checkpoint> {
  const refuse = (why: string) => new CheckpointError('malformed_checkpoint', `the checkpoint ${why}`);
  if (!text.endsWith('\n') || !hasOnlyNoteCharacters(text)) {
    throw refuse('is not newline-terminated text without control characters');
  }
  const [origin, size, root, ...extensions] = text.slice(0, -1).split('\n');
  if (origin === undefined || size === undefined || root === undefined) throw refuse('has fewer than three lines');
  if ([origin, size, root, ...extensions].includes('')) throw refuse('has an empty line');
  if (!/^(0|[1-9][0-9]*)$/.test(size) || !Number.isSafeInteger(Number(size))) {
    throw refuse('size is not a decimal integer');
  }
  const rootHash = decodeBase64(root);
  if (rootHash?.length !== HASH_SIZE) throw refuse(`root is not base64 of ${HASH_SIZE} bytes`);
  return { origin, size: Number(size), rootHash, extensions };
}
