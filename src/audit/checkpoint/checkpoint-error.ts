/** Why a checkpoint, note or key was refused. A closed list; messages never hold log content. */
export type CheckpointErrorReason =
  | 'malformed_checkpoint' // not a tlog-checkpoint note text, or not formattable as one
  | 'malformed_note' // not a signed-note: syntax, encoding, control characters, signature lines
  | 'malformed_verifier_key' // not "<name>+<hex key ID>+<base64(0x01 ‖ key)>", or the key ID does not match
  | 'invalid_key_name' // empty, or holds a space, a plus or a control character
  | 'invalid_signature' // a signature by the trusted key does not verify
  | 'unverified_note'; // no signature by the trusted key

/** The one error the checkpoint module throws on purpose; parsing and verification fail closed with it. */
export class CheckpointError extends Error {
  readonly reason: CheckpointErrorReason;

  constructor(reason: CheckpointErrorReason, message: string) {
    super(message);
    this.name = 'CheckpointError';
    this.reason = reason;
  }
}
