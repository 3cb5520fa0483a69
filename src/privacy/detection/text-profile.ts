/**
 * What one pass over a text learns, so that each recogniser can skip texts that cannot hold its
 * type without running a single regular expression: digit count, `@`, `:`, a dot between word
 * characters, the longest run of token characters, upper-case letters.
 */
export interface TextProfile {
  /** Number of ASCII digits. */
  readonly digits: number;
  readonly at: boolean;
  readonly colon: boolean;
  /** A '.' directly followed by a letter or digit (domains, IPs, initials). */
  readonly innerDot: boolean;
  /** Longest run of `[A-Za-z0-9_+/=-]` (keys, wallets, IBANs without spaces). */
  readonly longestToken: number;
  /** An upper-case ASCII letter, or any non-ASCII character (which may be one). */
  readonly upper: boolean;
}

const OTHER = 0;
const DIGIT = 1;
const TOKEN = 2; // a-z _ + / = -
const UPPER = 3;
const AT = 4;
const COLON = 5;
const DOT = 6;
const CLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) CLASS[c] = DIGIT;
for (let c = 97; c <= 122; c++) CLASS[c] = TOKEN;
for (const c of '_+/=-') CLASS[c.charCodeAt(0)] = TOKEN;
for (let c = 65; c <= 90; c++) CLASS[c] = UPPER;
CLASS[64] = AT;
CLASS[58] = COLON;
CLASS[46] = DOT;

export function profileText(text: string): TextProfile {
  let digits = 0;
  let at = false;
  let colon = false;
  let innerDot = false;
  let upper = false;
  let run = 0;
  let longestToken = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const kind = c < 128 ? CLASS[c]! : OTHER;
    if (kind === DIGIT) {
      digits++;
      run++;
      continue;
    }
    if (kind === TOKEN) {
      run++;
      continue;
    }
    if (kind === UPPER) {
      upper = true;
      run++;
      continue;
    }
    if (run > longestToken) longestToken = run;
    run = 0;
    if (kind === AT) at = true;
    else if (kind === COLON) colon = true;
    else if (kind === DOT) {
      const next = text.charCodeAt(i + 1);
      if (next < 128 && (CLASS[next] === DIGIT || CLASS[next] === TOKEN || CLASS[next] === UPPER)) innerDot = true;
    } else if (c > 127) upper = true;
  }
  if (run > longestToken) longestToken = run;
  return { digits, at, colon, innerDot, longestToken, upper };
}
