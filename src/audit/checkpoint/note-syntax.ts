/** Starts every signature line of a signed note: an em dash (U+2014) and a space. */
export const SIGNATURE_PREFIX = '\u2014 ';

/**
 * C2SP signed-note key names are non-empty, without Unicode spaces or plus; we also refuse
 * control characters and lone surrogates (which are not UTF-8).
 */
export function isValidKeyName(name: string): boolean {
  return name !== '' && !/[\s+\p{Cc}\p{Cs}]/u.test(name);
}

/** Signed notes are UTF-8 with no control character but newline (C2SP signed-note, Format). */
export function hasOnlyNoteCharacters(text: string): boolean {
  return !/[\x00-\x09\x0b-\x1f\p{Cs}]/u.test(text);
}
