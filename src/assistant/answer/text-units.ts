/**
 * A passage's text as quotable units: each line (paragraph, list item, step) and, inside a line
 * that is not a numbered step, each sentence. Abbreviation-safe enough for help-centre prose: a
 * sentence ends at `.`, `!` or `?` followed by a space and an upper-case letter, digit or quote.
 * A numbered step stays whole.
 */
export function textUnits(text: string): string[] {
  return text
    .split('\n')
    .flatMap((line) => (isStep(line.trim()) ? [line] : line.split(/(?<=[.!?])\s+(?=[A-Z0-9"“'(])/)))
    .map((unit) => unit.trim())
    .filter((unit) => unit.length > 0);
}

/** Whether a unit is a numbered step (`1.`, `2)`, `Step 3:`). */
export function isStep(unit: string): boolean {
  return /^(\d{1,2}[.)]|step\s+\d+[:.)]?)\s/i.test(unit);
}
