/**
 * Per UTF-16 code unit, how often it occurs in the text being measured, and the code units in the
 * order they first occur: kept between calls and cleared after each, so no call allocates.
 */
const COUNTS = new Uint32Array(0x10000);
const FIRST_SEEN = new Uint16Array(0x10000);

/** Shannon entropy of a string in bits per character (over UTF-16 code units). */
export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0;
  let distinct = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (COUNTS[code] === 0) FIRST_SEEN[distinct++] = code;
    COUNTS[code]!++;
  }
  // Summed in first-occurrence order, as a Map of counts would iterate: the same sum to the last bit.
  let bits = 0;
  for (let k = 0; k < distinct; k++) {
    const code = FIRST_SEEN[k]!;
    const p = COUNTS[code]! / text.length;
    COUNTS[code] = 0;
    bits -= p * Math.log2(p);
  }
  return bits;
}
