const NON_ASCII_LETTER = /[\p{L}\p{M}]/u;

/** A letter or digit at `i` (ASCII by char code; other characters by Unicode class). */
export function isWordChar(c: number, text: string, i: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  return NON_ASCII_LETTER.test(text[i]!);
}

/**
 * How many code units the letter or digit at `i` takes (1, or 2 for a surrogate pair), or 0 when
 * there is none.
 */
export function wordCharLength(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) ? 1 : 0;
  if (c >= 0xd800 && c <= 0xdbff) {
    const point = text.codePointAt(i)!;
    return point > 0xffff && NON_ASCII_LETTER.test(String.fromCodePoint(point)) ? 2 : 0;
  }
  return NON_ASCII_LETTER.test(text[i]!) ? 1 : 0;
}

/**
 * The (at most) two words before `index`, nearest first, lower-cased; commas, colons, dashes,
 * exclamation marks and single line breaks between them are skipped ("Thanks,\nAnna"), a full
 * stop or question mark ends the search.
 */
export function wordsBefore(text: string, index: number): [string | undefined, string | undefined] {
  const words: string[] = [];
  let i = index - 1;
  while (i >= 0 && words.length < 2) {
    const c = text.charCodeAt(i);
    if (c === 46 || c === 63) break;
    if (!isWordChar(c, text, i) && c !== 39 && c !== 0x2019) {
      i--;
      continue;
    }
    const end = i + 1;
    while (i >= 0 && (isWordChar(text.charCodeAt(i), text, i) || text.charCodeAt(i) === 39 || text.charCodeAt(i) === 0x2019)) i--;
    words.push(text.slice(i + 1, end).toLowerCase().replace('’', "'"));
  }
  return [words[0], words[1]];
}
