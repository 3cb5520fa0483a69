import { encodeBase64, parseCheckpoint, verifyNote, type Checkpoint } from '../checkpoint/index.js';
import { computeRoot, emptyRoot, hashLeaf, verifyConsistency, verifyInclusion } from '../merkle/index.js';
import { toBytes, type BytesInput } from './bytes-input.js';
import { CheckFailure } from './check-failure.js';

// Each check resolves to [value, detail] when it passes and throws when it fails.
type Passed<T> = Promise<[T, string]>;

/** An entry to prove in the new checkpoint's tree. */
export interface EntryProof {
  /** Leaf index of the entry in the log. */
  readonly index: number;
  /** The entry's exact bytes as logged; the verifier hashes them itself (RFC 9162 §2.1.1). */
  readonly leafBytes: BytesInput;
  /** RFC 9162 §2.1.3.1 inclusion proof in the tree of the new checkpoint. */
  readonly inclusionProof: readonly BytesInput[];
}

/**
 * A log entry for full verification: its exact bytes, or — only for an entry whose body retention
 * has pruned — the leaf hash the server kept.
 */
export type LogLeaf = { readonly leafBytes: BytesInput } | { readonly leafHash: BytesInput };

/** @internal */
export async function checkFullLog(leaves: readonly LogLeaf[], next: Checkpoint): Passed<true> {
  if (leaves.length !== next.size) {
    throw new CheckFailure(`the log has ${leaves.length} entries but the checkpoint says ${next.size}`);
  }
  const hashes = await Promise.all(
    leaves.map((leaf, index) =>
      'leafBytes' in leaf ? hashLeaf(toBytes(leaf.leafBytes, `entry ${index}`)) : Promise.resolve(toBytes(leaf.leafHash, `leaf hash ${index}`)),
    ),
  );
  const root = await computeRoot(hashes);
  if (encodeBase64(root) !== encodeBase64(next.rootHash)) {
    throw new CheckFailure('the entries do not rebuild the signed root: an entry was changed, added, removed or reordered');
  }
  const pruned = leaves.filter((leaf) => !('leafBytes' in leaf)).length;
  return [true, `all ${leaves.length} entries rebuild the signed root${pruned > 0 ? ` (${pruned} pruned, checked by leaf hash)` : ''}`];
}

/** @internal Signature (C2SP signed-note), then syntax (C2SP tlog-checkpoint). */
export async function openCheckpoint(note: string, verifierKey: string): Passed<Checkpoint> {
  const checkpoint = parseCheckpoint(await verifyNote(note, verifierKey));
  return [checkpoint, `signed checkpoint of ${checkpoint.origin} at size ${checkpoint.size}`];
}

/** @internal */
export async function checkOrigin(origin: string, checkpoints: readonly Checkpoint[]): Passed<true> {
  const stranger = checkpoints.find((checkpoint) => checkpoint.origin !== origin);
  if (stranger) throw new CheckFailure(`a checkpoint is for ${stranger.origin}, not ${origin}`);
  return [true, `every checkpoint is for ${origin}`];
}

/** @internal */
export async function checkGrowth(old: Checkpoint, next: Checkpoint): Passed<true> {
  if (next.size < old.size) throw new CheckFailure(`the log shrank from ${old.size} to ${next.size} entries`);
  return [true, `the log grew from ${old.size} to ${next.size} entries`];
}

/** @internal RFC 9162 §2.1.4.2; from an empty old tree only its root is checked, equal sizes need no proof. */
export async function checkConsistency(old: Checkpoint, next: Checkpoint, proof?: readonly BytesInput[]): Passed<true> {
  if (old.size === 0) {
    if (encodeBase64(old.rootHash) !== encodeBase64(await emptyRoot())) {
      throw new CheckFailure('the old checkpoint has size 0 but not the empty root');
    }
    return [true, 'an empty tree is a prefix of every tree'];
  }
  if (proof === undefined && old.size !== next.size) throw new CheckFailure('no consistency proof was given');
  const nodes = (proof ?? []).map((node, i) => toBytes(node, `consistency proof element ${i}`));
  await verifyConsistency(old.size, next.size, old.rootHash, next.rootHash, nodes);
  return [true, `the tree at size ${old.size} is a prefix of the tree at size ${next.size}`];
}

/** @internal RFC 9162 §2.1.3.2 over the leaf hash of the entry's exact bytes. */
export async function checkInclusion(entry: EntryProof, next: Checkpoint): Passed<true> {
  const leafHash = await hashLeaf(toBytes(entry.leafBytes, 'leaf bytes'));
  const nodes = entry.inclusionProof.map((node, i) => toBytes(node, `inclusion proof element ${i}`));
  await verifyInclusion(entry.index, next.size, leafHash, nodes, next.rootHash);
  return [true, `entry ${entry.index} is in the tree at size ${next.size}`];
}
