/** Function words that carry no topic; dropped from the index, from queries and from coverage. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but if then else of to in on at by for with from into onto about as is are was were be been being ' +
    'do does did doing have has had having i me my we our you your he she it its they them their this that these those ' +
    'what which who whom whose when where why how can could should would will shall may might must not no nor so than too ' +
    'very just also there here out up down over under again once all any both each few more most other some such only own ' +
    'same s t don now get got use using want need please hi hello thanks thank let lets im ive dont cant'
  ).split(' '),
);

/**
 * A light English stemmer (plural and verb endings), enough for lexical matching of support
 * questions: `exports`, `exported`, `exporting` → `export`; a final `e` goes too, so `stores`,
 * `stored`, `storing` → `stor`. Deterministic; not Porter.
 */
export function stem(word: string): string {
  if (word.length <= 3) return word;
  return withoutFinalE(withoutSuffix(word));
}

function withoutSuffix(word: string): string {
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ing') && word.length > 5) return undoubled(word.slice(0, -3));
  if (word.endsWith('ed') && word.length > 4) return undoubled(word.slice(0, -2));
  if (word.endsWith('es') && /(sh|ch|x|ss)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}

/** `store`, `stored`, `storing` all become `stor`. */
function withoutFinalE(word: string): string {
  return word.length > 4 && word.endsWith('e') ? word.slice(0, -1) : word;
}

function undoubled(word: string): string {
  return /([b-df-hj-np-tv-z])\1$/.test(word) && !/(ll|ss)$/.test(word) ? word.slice(0, -1) : word;
}

/** Lower-cased word tokens of `text` (letters and digits, apostrophes dropped). */
export function words(text: string): string[] {
  return text.toLowerCase().replace(/['’]/g, '').match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The stemmed content terms of `text`, stop words removed, in order (duplicates kept). */
export function contentTerms(text: string): string[] {
  return words(text)
    .filter((word) => !STOP_WORDS.has(word))
    .map(stem);
}
