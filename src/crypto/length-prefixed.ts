/**
 * Encodes strings unambiguously for associated data: each as a u32 big-endian byte length
 * followed by its UTF-8 bytes, so no two different lists encode alike.
 */
export function lengthPrefixed(parts: readonly string[]): Buffer {
  return Buffer.concat(
    parts.flatMap((part) => {
      const bytes = Buffer.from(part, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      return [length, bytes];
    }),
  );
}
