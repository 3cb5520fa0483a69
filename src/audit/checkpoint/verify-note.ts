import { decodeBase64 } from './base64.js';
import { CheckpointError } from './checkpoint-error.js';
import { hasOnlyNoteCharacters, isValidKeyName, SIGNATURE_PREFIX } from './note-syntax.js';
import { parseVerifierKey } from './verifier-key.js';
import { verifyEd25519 } from './verify-ed25519.js';

/** Most signature lines read from one note (golang.org/x/mod/sumdb/note's limit; the spec asks for at least 16). */
const MAX_SIGNATURES = 100;

/**
 * Opens a C2SP signed note with one trusted Ed25519 key and returns its text (ending in a newline).
 * Signatures by other keys are ignored, as the spec requires; every signature by the trusted key
 * (same name and key ID) must verify, and at least one must be present. Fails closed with a
 * {@link CheckpointError}: `malformed_note`, `invalid_signature` or `unverified_note`.
 */
export async function verifyNote(note: string, verifierKey: string): Promise<string> {
  const key = await parseVerifierKey(verifierKey);
  const malformed = (why: string) => new CheckpointError('malformed_note', `the note ${why}`);
  if (!hasOnlyNoteCharacters(note)) throw malformed('holds control characters or is not UTF-8');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw malformed('has no blank line before its signatures');
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (!block.endsWith('\n')) throw malformed('does not end its signatures with a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw malformed(`has more than ${MAX_SIGNATURES} signatures`);

  const signed = new TextEncoder().encode(text);
  let verified = false;
  for (const line of lines) {
    const space = line.indexOf(' ', SIGNATURE_PREFIX.length);
    const name = line.slice(SIGNATURE_PREFIX.length, space);
    const bytes = decodeBase64(line.slice(space + 1));
    const wellFormed = line.startsWith(SIGNATURE_PREFIX) && space >= 0 && isValidKeyName(name);
    if (!wellFormed || bytes === undefined || bytes.length < 5) {
      throw malformed('has a malformed signature line');
    }
    const keyId = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0);
    if (name !== key.name || keyId !== key.keyId) continue;
    if (!(await verifyEd25519(key.publicKey, signed, bytes.subarray(4)))) {
      throw new CheckpointError('invalid_signature', `the signature by ${key.name} does not verify`);
    }
    verified = true;
  }
  if (!verified) throw new CheckpointError('unverified_note', `the note has no signature by ${key.name}`);
  return text;
}
