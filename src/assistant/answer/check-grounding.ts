import type { Passage } from '../kb/passage.js';

/**
 * The offline supervisor step: true when every sentence of an answer occurs, verbatim up to case
 * and white space, in one of the cited passages. A sentence that cannot be traced fails the
 * whole answer (fail closed: the message goes to a human).
 */
export function checkGrounding(sentences: readonly string[], cited: readonly Passage[]): boolean {
  if (sentences.length === 0) return false;
  const sources = cited.map((passage) => normalise(passage.text));
  return sentences.every((sentence) => {
    const needle = normalise(sentence);
    return needle.length > 0 && sources.some((source) => source.includes(needle));
  });
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}
