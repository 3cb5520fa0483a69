/**
 * The ISO 7064 MOD 97-10 check used by IBANs (ISO 13616-1 §6): move the first four characters
 * to the end, turn letters into 10–35, and the number must be 1 mod 97. Requires upper-case
 * ASCII letters and digits only; anything else fails.
 */
export function passesIbanMod97(iban: string): boolean {
  if (iban.length < 5) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const code = rearranged.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      remainder = (remainder * 10 + (code - 48)) % 97;
    } else if (code >= 65 && code <= 90) {
      remainder = (remainder * 100 + (code - 55)) % 97;
    } else {
      return false;
    }
  }
  return remainder === 1;
}
