/** One token as a part-of-speech tagger sees it, with UTF-16 offsets into the tagged text. */
export interface TaggedToken {
  readonly start: number;
  readonly end: number;
  /** Universal Dependencies part of speech: `PROPN`, `NOUN`, `VERB`, … */
  readonly pos: string;
}

/**
 * The slice of an NER/POS model the name recogniser needs: tag one sentence. Implementations are
 * offline; the default wraps wink-nlp and the English model shipped in its npm package.
 */
export interface NerTagger {
  tag(sentence: string): readonly TaggedToken[];
}
