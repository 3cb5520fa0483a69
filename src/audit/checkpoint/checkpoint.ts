/** A tree head in the C2SP tlog-checkpoint format: "log `origin` has `size` leaves with this root". */
export interface Checkpoint {
  /** Names the log; by convention (and by default in the verifier) also the signing key's name. */
  readonly origin: string;
  /** Number of leaves. */
  readonly size: number;
  /** RFC 9162 root of the first `size` leaves, 32 bytes. */
  readonly rootHash: Uint8Array;
  /** Optional opaque, non-empty lines after the root; tlog-checkpoint discourages them. */
  readonly extensions?: readonly string[];
}
