/**
 * Word matching for the assistant's deterministic safety rules: customers misspell ("reimbvurse",
 * "compesation", "paymnet"), so a long keyword also matches a word one typing slip away from it.
 */

/** Keywords shorter than this match exactly only: one slip turns short words into other words. */
const FUZZY_MIN_LENGTH = 6;

/** A rule's vocabulary: exact words, and words matched within one slip when long enough. */
export class WordForms {
  readonly #exact: ReadonlySet<string>;
  readonly #fuzzy: readonly string[];
  readonly #notSlips: ReadonlySet<string>;

  /**
   * `stems` are expanded with `suffixes` ('' keeps the stem itself): `['refund'], ['', 's', 'ed']`.
   * `notSlips` are real words one slip from a form that must not match it ("change" is not "charge").
   */
  constructor(groups: ReadonlyArray<readonly [stems: readonly string[], suffixes: readonly string[]]>, notSlips: readonly string[] = []) {
    const forms = groups.flatMap(([stems, suffixes]) => stems.flatMap((stem) => suffixes.map((suffix) => stem + suffix)));
    this.#exact = new Set(forms);
    this.#fuzzy = forms.filter((form) => form.length >= FUZZY_MIN_LENGTH);
    this.#notSlips = new Set(notSlips);
  }

  /** Whether `word` (lowercase) is one of the forms, or one slip from a long one. */
  has(word: string): boolean {
    if (this.#exact.has(word)) return true;
    if (word.length < FUZZY_MIN_LENGTH - 1 || this.#notSlips.has(word)) return false;
    return this.#fuzzy.some((form) => withinOneSlip(word, form));
  }

  /** The index of the first word in `words` that `has` accepts, or -1. */
  find(words: readonly string[]): number {
    return words.findIndex((word) => this.has(word));
  }
}

/** The lowercase words of `text` (letters only; apostrophes dropped). */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().replace(/['’]/g, '').match(/\p{L}+/gu) ?? [];
}

/**
 * Whether `a` and `b` differ by at most one slip: one letter inserted, dropped or replaced, or two
 * neighbouring letters swapped (restricted Damerau–Levenshtein distance ≤ 1).
 */
export function withinOneSlip(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  const restA = a.slice(start + 1);
  const restB = b.slice(start + 1);
  if (a.length === b.length) {
    if (restA === restB) return true;
    return a[start] === b[start + 1] && a[start + 1] === b[start] && a.slice(start + 2) === b.slice(start + 2);
  }
  return a.length > b.length ? a.slice(start + 1) === b.slice(start) : a.slice(start) === b.slice(start + 1);
}
