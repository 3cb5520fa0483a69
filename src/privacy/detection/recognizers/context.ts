/** How far before a value a keyword may stand and still count as its context (UTF-16 units). */
export const CONTEXT_WINDOW = 48;

/** Whether `keyword` matches in the `window` characters before `start`. */
export function hasContext(text: string, start: number, keyword: RegExp, window = CONTEXT_WINDOW): boolean {
  return keyword.test(text.slice(Math.max(0, start - window), start));
}
