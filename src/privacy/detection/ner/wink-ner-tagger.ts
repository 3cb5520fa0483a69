import { createRequire } from 'node:module';
import type { NerTagger, TaggedToken } from './ner-tagger.js';

/** The subset of wink-nlp's API this adapter calls. */
interface WinkToken {
  out(helper: unknown): string;
}
interface WinkDocument {
  tokens(): { each(callback: (token: WinkToken) => void): void };
}
interface WinkNlp {
  readDoc(text: string): WinkDocument;
  its: { value: unknown; pos: unknown; precedingSpaces: unknown };
}
type WinkFactory = (model: unknown, pipe?: readonly string[]) => WinkNlp;

const require = createRequire(import.meta.url);

/**
 * A tagger over wink-nlp and `wink-eng-lite-web-model` (both from npm; the model is a file in the
 * package, nothing is downloaded). The model loads on the first call (about 0.1 s), so detectors
 * that never need it never pay for it. Only the POS stage runs.
 */
export function createWinkNerTagger(): NerTagger {
  let nlp: WinkNlp | undefined;
  const load = (): WinkNlp => {
    if (nlp === undefined) {
      const winkNLP = require('wink-nlp') as WinkFactory;
      const model: unknown = require('wink-eng-lite-web-model');
      nlp = winkNLP(model, ['pos']);
    }
    return nlp;
  };
  return {
    tag(sentence: string): readonly TaggedToken[] {
      const engine = load();
      const tokens: TaggedToken[] = [];
      let offset = 0;
      engine.readDoc(sentence).tokens().each((token) => {
        const value = token.out(engine.its.value);
        const spaces = token.out(engine.its.precedingSpaces);
        // Find the token from the running offset, so offsets stay exact even where wink's
        // whitespace bookkeeping differs from the text (tabs, line breaks).
        const found = sentence.indexOf(value, offset + spaces.length);
        const start = found >= 0 ? found : offset + spaces.length;
        const end = start + value.length;
        tokens.push({ start, end, pos: token.out(engine.its.pos) });
        offset = end;
      });
      return tokens;
    },
  };
}
