import { STREET_NAME_ENDINGS, STREET_TYPES_FIRST } from './gazetteers/street-words.js';

/**
 * What one pass over a text learns, so that each recogniser can skip texts that cannot hold its
 * type without running a single regular expression: digit count, `@`, `:`, a dot between word
 * characters (and a dot before a letter), the longest run of token characters, upper-case letters,
 * and the shapes the digits come in (runs, groups, phone-like runs, dotted quads). The digit
 * shapes are worked out at the digits only, looking back at the few characters before each, so
 * they cost nothing on the letters that make up most of a chat.
 *
 * Each field is a necessary condition for some recogniser's pattern: when it says no, the pattern
 * cannot match anywhere in the text, so a gate on it only ever skips work, never a finding.
 */
export interface TextProfile {
  /** Number of ASCII digits. */
  readonly digits: number;
  readonly at: boolean;
  readonly colon: boolean;
  /** A '.' directly followed by a letter or digit (domains, IPs, initials). */
  readonly innerDot: boolean;
  /** A '.' directly followed by an ASCII letter (a top-level domain). */
  readonly dotLetter: boolean;
  /** Longest run of `[A-Za-z0-9_+/=-]` (keys, wallets, IBANs without spaces). */
  readonly longestToken: number;
  /** An upper-case ASCII letter, or any non-ASCII character (which may be one). */
  readonly upper: boolean;
  /** Longest run of consecutive digits. */
  readonly longestDigitRun: number;
  /**
   * Most digits in one run of digit groups separated by single spaces, dashes or dots
   * ("4111 1111 1111 1111", "845-73-3581", "AB 12 34 56"): cards need 12, SSNs 9, NINOs 6.
   */
  readonly groupedDigits: number;
  /**
   * Most digits in one run of phone characters (digits and ` \u00a0().\/-`), counted from the
   * first digit not glued to a letter, digit or `_` before it: phone numbers need 7.
   */
  readonly phoneDigits: number;
  /** Most dots in one run of digits with single dots between them ("10.0.0.1": 3); IPv4 needs 3. */
  readonly dottedDigits: number;
  /** Two ASCII letters directly followed by two digits ("DE89"): how every IBAN starts. */
  readonly lettersThenDigits: boolean;
  /**
   * A digit, maybe one letter, spaces, then a capital ("221B Baker", "12 Main"): how a street
   * address written number first starts.
   */
  readonly numberThenCapital: boolean;
  /**
   * A street-first address's word: a street-name ending or "Box" before whitespace and a digit
   * ("Hauptstraße 5", "PO Box 12"), or a street type before whitespace ("Rua ", "ul. "), as
   * `(?:ending|…)\s+\d|\b(?:type|…)\s|Box\s+\d` would match.
   */
  readonly streetWord: boolean;
  /**
   * Where each ASCII capital and each non-ASCII code unit stands (where a capitalised word may
   * start), in order, in `capitals[0, capitalCount)`; capitalCount is -1 when there were more than
   * MAX_CAPITALS (or for a profile not made by profileText): then they must be looked for.
   */
  readonly capitals: Int32Array;
  readonly capitalCount: number;
}

/** At most this many capital positions are kept (a text of Chinese may be nothing else). */
const MAX_CAPITALS = 4096;

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

/** A profile profileText may fill in place of making a new one (see the detector's reuse). */
export type ProfileBuffer = { -readonly [Field in keyof TextProfile]: TextProfile[Field] };

export function newProfileBuffer(): ProfileBuffer {
  return {
    digits: 0,
    at: false,
    colon: false,
    innerDot: false,
    dotLetter: false,
    longestToken: 0,
    upper: false,
    longestDigitRun: 0,
    groupedDigits: 0,
    phoneDigits: 0,
    dottedDigits: 0,
    lettersThenDigits: false,
    numberThenCapital: false,
    streetWord: false,
    capitals: new Int32Array(MAX_CAPITALS),
    capitalCount: -1,
  };
}

/** Profiles `text` into `into` (every field written) and returns it. */
export function profileText(text: string, into: ProfileBuffer = newProfileBuffer()): TextProfile {
  let digits = 0;
  let at = false;
  let colon = false;
  let innerDot = false;
  let dotLetter = false;
  let upper = false;
  let run = 0;
  let longestToken = 0;
  let lastDigit = -10;
  let digitRun = 0;
  let longestDigitRun = 0;
  let groupRun = 0;
  let groupedDigits = 0;
  let phoneRun = 0;
  let phoneStarted = false;
  let phoneDigits = 0;
  let dots = 0;
  let dottedDigits = 0;
  let lettersThenDigits = false;
  let numberThenCapital = false;
  let streetWord = false;
  const capitals = into.capitals;
  let capitalCount = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    // Lower-case letters and spaces are most of any chat text: decided before the table lookup.
    if (c >= 97 && c <= 122) {
      run++;
      continue;
    }
    if (c === 32) {
      if (run > longestToken) longestToken = run;
      run = 0;
      continue;
    }
    const kind = c < 128 ? CLASS[c]! : OTHER;
    if (kind === DIGIT) {
      digits++;
      run++;
      if (lastDigit === i - 1) {
        digitRun++;
        groupRun++;
        if (phoneStarted) phoneRun++;
        if (digitRun === 2 && i >= 3 && isAsciiLetter(text.charCodeAt(i - 2)) && isAsciiLetter(text.charCodeAt(i - 3))) lettersThenDigits = true;
      } else {
        digitRun = 1;
        const before = i > 0 ? text.charCodeAt(i - 1) : -1;
        const singleGap = lastDigit === i - 2;
        groupRun = singleGap && (before === 32 || before === 45 || before === 46) ? groupRun + 1 : 1;
        dots = singleGap && before === 46 ? dots + 1 : 0;
        // Only phone separators since the last digit: the same phone run, and this digit may start a number.
        let k = i - 1;
        while (k > lastDigit && isPhoneSeparator(text.charCodeAt(k))) k--;
        if (k !== lastDigit || lastDigit < 0) {
          phoneRun = 0;
          phoneStarted = false;
        }
        if (!phoneStarted && !isAsciiWordChar(before)) phoneStarted = true;
        if (!streetWord && isJsSpace(before) && streetWordBeforeSpace(text, i - 1)) streetWord = true;
        if (phoneStarted) phoneRun++;
        if (dots > dottedDigits) dottedDigits = dots;
      }
      if (digitRun > longestDigitRun) longestDigitRun = digitRun;
      if (groupRun > groupedDigits) groupedDigits = groupRun;
      if (phoneRun > phoneDigits) phoneDigits = phoneRun;
      lastDigit = i;
      if (!numberThenCapital && capitalAfterNumber(text, i + 1)) numberThenCapital = true;
      continue;
    }
    if (kind === TOKEN) {
      run++;
      continue;
    }
    if (kind === UPPER) {
      upper = true;
      run++;
      if (capitalCount === MAX_CAPITALS) capitalCount = -1;
      else if (capitalCount >= 0) capitals[capitalCount++] = i;
      if (!streetWord && TYPES_BY_INITIAL[c] !== undefined && streetTypeAt(text, i, TYPES_BY_INITIAL[c])) streetWord = true;
      continue;
    }
    if (run > longestToken) longestToken = run;
    run = 0;
    if (kind === AT) at = true;
    else if (kind === COLON) colon = true;
    else if (kind === DOT) {
      if (!streetWord && streetTypeEndsAt(text, i)) streetWord = true;
      const next = text.charCodeAt(i + 1);
      if (next < 128 && (CLASS[next] === DIGIT || CLASS[next] === TOKEN || CLASS[next] === UPPER)) {
        innerDot = true;
        if ((next >= 97 && next <= 122) || (next >= 65 && next <= 90)) dotLetter = true;
      }
    } else if (c > 127) {
      upper = true;
      if (capitalCount === MAX_CAPITALS) capitalCount = -1;
      else if (capitalCount >= 0) capitals[capitalCount++] = i;
    }
  }
  if (run > longestToken) longestToken = run;
  into.digits = digits;
  into.at = at;
  into.colon = colon;
  into.innerDot = innerDot;
  into.dotLetter = dotLetter;
  into.longestToken = longestToken;
  into.upper = upper;
  into.longestDigitRun = longestDigitRun;
  into.groupedDigits = groupedDigits;
  into.phoneDigits = phoneDigits;
  into.dottedDigits = dottedDigits;
  into.lettersThenDigits = lettersThenDigits;
  into.numberThenCapital = numberThenCapital;
  into.streetWord = streetWord;
  into.capitalCount = capitalCount;
  return into;
}

/**
 * After a digit: maybe one ASCII letter, at least one space, then a capital. Non-ASCII characters
 * count as both (they may be a no-break space or an upper-case letter).
 */
function capitalAfterNumber(text: string, from: number): boolean {
  let j = from;
  if (isAsciiLetter(text.charCodeAt(j))) j++;
  let c = text.charCodeAt(j);
  if (c > 127) return true;
  if (!isAsciiSpace(c)) return false;
  do c = text.charCodeAt(++j);
  while (isAsciiSpace(c));
  return c > 127 || (c >= 65 && c <= 90);
}

/** The words before whitespace and a digit, by their last code unit. */
const BEFORE_NUMBER_BY_LAST = byCodeUnit([...STREET_NAME_ENDINGS, 'Box'], (word) => word.length - 1);
/** Street types that start with an ASCII capital, by that capital (found at the capital). */
const TYPES_BY_INITIAL = byCodeUnit(STREET_TYPES_FIRST.filter((word) => isAsciiUpper(word.charCodeAt(0))), () => 0);
/** The other street types ("ul."), which end with a dot (found at the dot). */
const TYPES_ENDING_IN_DOT = STREET_TYPES_FIRST.filter((word) => !isAsciiUpper(word.charCodeAt(0)));

function byCodeUnit(words: readonly string[], at: (word: string) => number): (readonly string[] | undefined)[] {
  const table: string[][] = [];
  for (const word of words) (table[word.charCodeAt(at(word))] ??= []).push(word);
  return table;
}

/** Whether the whitespace ending at `last` follows a street-name ending or "Box". */
function streetWordBeforeSpace(text: string, last: number): boolean {
  let end = last;
  while (end >= 0 && isJsSpace(text.charCodeAt(end))) end--;
  const words = BEFORE_NUMBER_BY_LAST[text.charCodeAt(end)];
  if (words === undefined) return false;
  // The last code unit but one first: endsWith is a call, and most words end otherwise.
  const butOne = text.charCodeAt(end - 1);
  for (const word of words) if ((word.length < 2 || word.charCodeAt(word.length - 2) === butOne) && text.endsWith(word, end + 1)) return true;
  return false;
}

/** Whether one of `words` starts at `i`, at a `\b`, and is followed by whitespace. */
function streetTypeAt(text: string, i: number, words: readonly string[]): boolean {
  if (i > 0 && isAsciiWordChar(text.charCodeAt(i - 1))) return false;
  // The second code unit first: most capitals are not a street type's, and startsWith is a call.
  const second = text.charCodeAt(i + 1);
  for (const word of words) if ((word.length < 2 || word.charCodeAt(1) === second) && text.startsWith(word, i) && isJsSpace(text.charCodeAt(i + word.length))) return true;
  return false;
}

/** Whether a street type ending with the dot at `dot` ("ul.") stands there, as `streetTypeAt` would see it. */
function streetTypeEndsAt(text: string, dot: number): boolean {
  const beforeDot = text.charCodeAt(dot - 1);
  for (const word of TYPES_ENDING_IN_DOT) {
    const start = dot + 1 - word.length;
    if (start >= 0 && (word.length < 2 || word.charCodeAt(word.length - 2) === beforeDot) && text.startsWith(word, start) && !(start > 0 && isAsciiWordChar(text.charCodeAt(start - 1))) && isJsSpace(text.charCodeAt(dot + 1))) return true;
  }
  return false;
}

/** `\s` as JavaScript's regular expressions have it, with or without the `u` flag. */
function isJsSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function isAsciiUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

/** `\w` without the `u` flag, `[A-Za-z0-9_]`; before a digit, it keeps a phone number from starting there. */
function isAsciiWordChar(c: number): boolean {
  return isAsciiLetter(c) || (c >= 48 && c <= 57) || c === 95;
}

/** `\s` within ASCII: tab, line feed, vertical tab, form feed, carriage return, space. */
function isAsciiSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function isAsciiLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/** The characters a phone number's digit groups are separated by: space, no-break space, ( ) . / -. */
function isPhoneSeparator(c: number): boolean {
  return c === 32 || c === 0xa0 || c === 40 || c === 41 || c === 46 || c === 47 || c === 45;
}
