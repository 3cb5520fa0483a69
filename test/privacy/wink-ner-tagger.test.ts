import { describe, expect, it } from 'vitest';
import { createPiiDetector, createWinkNerTagger } from '../../src/privacy/index.js';

describe('the wink-nlp tagger', () => {
  it('loads the model shipped in its npm package and tags proper nouns with exact offsets', () => {
    const sentence = 'Yesterday  Quorra Velasquine wrote to support.';
    const tokens = createWinkNerTagger().tag(sentence);
    const words = tokens.map((t) => [sentence.slice(t.start, t.end), t.pos]);
    expect(words).toContainEqual(['Quorra', 'PROPN']);
    expect(words).toContainEqual(['Velasquine', 'PROPN']);
    expect(words).toContainEqual(['wrote', 'VERB']);
  });

  it('is what the default detector consults for unexplained capitalised names', () => {
    const text = 'Yesterday Quorra Velasquine wrote to support.';
    const people = createPiiDetector()
      .detect(text)
      .filter((f) => f.type === 'PERSON')
      .map((f) => [text.slice(f.start, f.end), f.validator]);
    expect(people).toEqual([['Quorra Velasquine', 'ner']]);
  });
});
