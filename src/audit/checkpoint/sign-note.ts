import { encodeBase64 } from './base64.js';
import { CheckpointError } from './checkpoint-error.js';
import type { NoteSigner } from './note-signer.js';
import { hasOnlyNoteCharacters, isValidKeyName, SIGNATURE_PREFIX } from './note-syntax.js';

/**
 * Signs `text` as a C2SP signed note: the text (non-empty, ending in a newline, no control
 * characters but newlines), a blank line, and the line `— <name> base64(key ID ‖ signature)`.
 */
export async function signNote(text: string, signer: NoteSigner): Promise<string> {
  if (text === '' || !text.endsWith('\n') || !hasOnlyNoteCharacters(text)) {
    throw new CheckpointError('malformed_note', 'note text must end in a newline and hold no other control character');
  }
  if (!isValidKeyName(signer.name)) throw new CheckpointError('invalid_key_name', 'the signer has an invalid key name');
  const signature = await signer.sign(new TextEncoder().encode(text));
  const keyId = new Uint8Array(4);
  new DataView(keyId.buffer).setUint32(0, signer.keyId);
  return `${text}\n${SIGNATURE_PREFIX}${signer.name} ${encodeBase64(Uint8Array.of(...keyId, ...signature))}\n`;
}
