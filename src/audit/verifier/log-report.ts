/** What {@link verifyLog} checked, in order. */
export type LogCheckName =
  | 'verifier_key' // the trusted key string parses and its key ID matches
  | 'new_checkpoint' // the new checkpoint is signed by the trusted key and well formed
  | 'old_checkpoint' // likewise for the checkpoint kept from before
  | 'origin' // the checkpoints name the expected log
  | 'size' // the log did not shrink
  | 'consistency' // the old tree is a prefix of the new one
  | 'inclusion' // one given entry is in the new tree
  | 'full_log'; // every entry, in order, rebuilds exactly the new checkpoint's root

/** One check: its outcome and a human-readable detail that names no log content. */
export interface LogCheck {
  readonly name: LogCheckName;
  readonly ok: boolean;
  readonly detail: string;
}

/** The verifier's answer: `ok` only if every check ran and passed. */
export interface LogReport {
  readonly ok: boolean;
  readonly checks: readonly LogCheck[];
}
