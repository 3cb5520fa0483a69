// Standard base64 (RFC 4648 §4) over Uint8Array, without Buffer or atob, so it runs in browsers.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Map([...ALPHABET].map((char, value) => [char, value]));

/** Standard padded base64 of `bytes`. */
export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = bytes.subarray(i, i + 3);
    const chunk = (a << 16) | (b << 8) | c;
    const chars = [18, 12, 6, 0].map((shift) => ALPHABET[(chunk >> shift) & 63]);
    const kept = Math.min(bytes.length - i, 3) + 1;
    out += chars.slice(0, kept).join('') + '='.repeat(4 - kept);
  }
  return out;
}

/**
 * The bytes of canonical, padded standard base64, or undefined for anything else: wrong length,
 * characters outside the alphabet, misplaced padding or non-zero unused bits. Strict, so one
 * value has one encoding.
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  for (let i = 0; i < text.length; i += 4) {
    let chunk = 0;
    for (let j = 0; j < 4; j++) {
      const inPadding = i + j >= text.length - padding;
      const value = inPadding ? (text[i + j] === '=' ? 0 : undefined) : VALUES.get(text[i + j] as string);
      if (value === undefined) return undefined;
      chunk = (chunk << 6) | value;
    }
    const bytes = [chunk >> 16, (chunk >> 8) & 255, chunk & 255];
    out.set(bytes.slice(0, Math.min(3, out.length - (i / 4) * 3)), (i / 4) * 3);
  }
  return encodeBase64(out) === text ? out : undefined;
}
