import { COMMON_WORDS, NAME_PARTICLES, TITLES } from '../gazetteers/common-words.js';
import { FIRST_NAMES } from '../gazetteers/first-names.js';
import { KNOWN_ORGANIZATIONS, ORGANIZATION_SUFFIXES } from '../gazetteers/organizations.js';
import { PLACES } from '../gazetteers/places.js';
import { SURNAMES } from '../gazetteers/surnames.js';
import type { NerTagger } from '../ner/ner-tagger.js';
import { createWinkNerTagger } from '../ner/wink-ner-tagger.js';
import type { PiiFinding, PiiType, Validator } from '../pii-finding.js';
import type { Recognizer } from '../recognizer.js';
import type { TextProfile } from '../text-profile.js';
import { isWordChar, wordCharLength, wordsBefore } from './words.js';

/** Words just before a chunk that make it a person ("Dear", "Thanks,", "my name is", "spoke to"). */
const PERSON_CUES_1 = new Set([
  'dear', 'hi', 'hello', 'hey', 'thanks', 'thx', 'regards', 'cheers', 'sincerely', 'named', 'called', 'signed', 'name', "i'm", 'im', "name's",
  // People are named by their relation to the writer: "my husband Ugo Bonnefoy", "your agent Priya".
  'husband', 'wife', 'partner', 'colleague', 'coworker', 'manager', 'boss', 'friend', 'son', 'daughter', 'mother', 'father', 'mom', 'mum', 'dad',
  'brother', 'sister', 'agent', 'technician', 'courier', 'driver', 'assistant', 'landlord', 'tenant', 'neighbour', 'neighbor', 'client',
]);
const PERSON_CUES_2 = new Set(['name is', 'name of', 'names are', 'i am', 'this is', 'call me', 'speak to', 'speak with', 'spoke to', 'spoke with', 'talk to', 'talked to', 'talk with', 'talked with', 'ask for', 'asked for', 'thank you', 'contact is', 'customer is']);
/** Words that name a place outright ("live in", "moved to") or hint at one ("in", "from"). */
const PLACE_CUES_2 = new Set(['live in', 'lives in', 'living in', 'based in', 'moved to', 'moved from', 'ship to', 'shipped to', 'shipping to', 'deliver to', 'delivered to', 'delivery to', 'located in', 'city of', 'travel to', 'travelling to', 'traveling to', 'flew to', 'flying to', 'up in', 'born in', 'office in', 'offices in']);
const PLACE_CUES_1 = new Set(['in', 'near', 'into', 'to', 'from']);
const ORG_CUES_2 = new Set(['work at', 'works at', 'worked at', 'working at', 'work for', 'works for', 'worked for', 'working for', 'employed at', 'employed by', 'team at', 'customer of', 'account with', 'behalf of', 'job at']);

/**
 * The tagger, loaded on first use, and its verdicts so far: whether a chunk ("Hallvard
 * Quintanilla") was all proper nouns. Names recur within a conversation and across a queue, so a
 * verdict is reused (at most 10,000 are kept; the oldest go first).
 */
interface NerLookup {
  readonly ner: () => NerTagger | undefined;
  readonly verdicts: Map<string, boolean>;
}

const MAX_VERDICTS = 10_000;

/** What the gazetteers say about one spelling of a word; cached, since chat vocabulary repeats. */
interface WordInfo {
  /** The spelling looked up. */
  readonly raw: string;
  /** Lower-cased, without a possessive 's. */
  readonly key: string;
  readonly allCaps: boolean;
  readonly common: boolean;
  readonly first: boolean;
  readonly surname: boolean;
  readonly place: boolean;
  readonly org: boolean;
  readonly orgSuffix: boolean;
  readonly title: boolean;
}

const WORD_INFO = new Map<string, WordInfo>();
const WORD_INFO_BY_HASH = new Map<number, WordInfo>();
const MAX_WORD_INFO = 50_000;

function wordInfo(raw: string): WordInfo {
  let info = WORD_INFO.get(raw);
  if (info === undefined) {
    const key = raw.toLowerCase();
    info = {
      raw,
      key,
      allCaps: raw.length > 1 && raw === raw.toUpperCase(),
      common: COMMON_WORDS.has(key),
      first: FIRST_NAMES.has(key),
      surname: SURNAMES.has(key),
      place: PLACES.has(key),
      org: KNOWN_ORGANIZATIONS.has(key),
      orgSuffix: ORGANIZATION_SUFFIXES.has(key),
      title: TITLES.has(key),
    };
    if (WORD_INFO.size >= MAX_WORD_INFO) WORD_INFO.clear();
    WORD_INFO.set(raw, info);
  }
  return info;
}

/** What the gazetteers say about a word holding a digit: nothing (none of them lists one). */
function wordWithDigits(raw: string): WordInfo {
  return {
    raw,
    key: raw.toLowerCase(),
    allCaps: raw.length > 1 && raw === raw.toUpperCase(),
    common: false,
    first: false,
    surname: false,
    place: false,
    org: false,
    orgSuffix: false,
    title: false,
  };
}

/** A capitalised word; the chunk buffer's words are reused from one chunk (and scan) to the next. */
interface Word {
  start: number;
  end: number;
  info: WordInfo;
}

export interface NameRecognizerOptions {
  /** The tagger for chunks nothing else explains; `false` to never call one. Default: wink-nlp. */
  readonly ner?: NerTagger | false | undefined;
}

/**
 * PERSON, ORGANIZATION and LOCATION, designed to cost little per megabyte:
 * 1. one pass over the characters finds capitalised words and groups adjacent ones (with
 *    initials and particles such as "van", "da") into chunks; nothing else is looked at again;
 * 2. each chunk is explained, cheapest signal first, by gazetteers (places, organisations, legal
 *    suffixes, given names, surnames), an honorific, or the two words before it ("my name is",
 *    "Dear", "live in", "works at"), looked up in small sets;
 * 3. only a chunk of two or more capitalised words still unexplained goes to the NER tagger,
 *    which tags a short window around it; the chunk is kept as a person if every word is a
 *    proper noun.
 * Chunks inside findings made earlier in the same scan (addresses, e-mails) are skipped.
 */
export function nameRecognizer(options: NameRecognizerOptions = {}): Recognizer {
  let tagger: NerTagger | undefined;
  const ner = (): NerTagger | undefined => {
    if (options.ner === false) return undefined;
    tagger ??= options.ner ?? createWinkNerTagger();
    return tagger;
  };
  const lookup: NerLookup = { ner, verdicts: new Map() };
  // The chunk buffer, kept between scans (its array and backing store are most of what a scan
  // would otherwise allocate); taken while a scan runs, so a scan inside a scan gets its own.
  let spare: Word[] | undefined = [];
  return {
    name: 'names',
    types: ['PERSON', 'ORGANIZATION', 'LOCATION'],
    applies: (p) => p.upper,
    scan(text: string, out: PiiFinding[], profile: TextProfile): void {
      const earlier = out.length;
      // Where words may start, from the profile when it kept them: capitals[next] is the next one to try.
      const capitals = profile.capitalCount >= 0 ? profile.capitals : undefined;
      const capitalCount = profile.capitalCount;
      let next = 0;
      // One array for every chunk: classify reads chunk[0, size) and keeps none of it.
      const chunk = spare ?? [];
      spare = undefined;
      let size = 0;
      const n = text.length;
      let i = 0;
      while (i < n) {
        // Skip to the next ASCII capital or non-ASCII code unit: the profile's list of them, or
        // else a regular expression, far faster than a loop over every character.
        if (capitals !== undefined) {
          while (next < capitalCount && capitals[next]! < i) next++;
          if (next === capitalCount) break;
          i = capitals[next]!;
        } else {
          CAPITAL_OR_NON_ASCII.lastIndex = i;
          if (!CAPITAL_OR_NON_ASCII.test(text)) break;
          i = CAPITAL_OR_NON_ASCII.lastIndex - 1;
        }
        const c = text.charCodeAt(i);
        const upper = c <= 90 ? 1 : upperLength(text, i);
        if (upper === 0 || (i > 0 && isWordChar(text.charCodeAt(i - 1), text, i - 1))) {
          i++;
          continue;
        }
        let j = i + upper;
        for (let step = wordCharLength(text, j); j < n && (step > 0 || isInnerPunctuation(text, j)); step = wordCharLength(text, j)) j += Math.max(step, 1);
        const start = i;
        i = j;
        // "I" is the pronoun, never part of a name ("Szabina J Gelencsér" keeps her initial); it
        // still ends a chunk, because the gap test below sees it.
        if (j === start + 1 && c === 73 && text.charCodeAt(j) !== 46) continue;
        // The word goes into slot `size` (its old object reused), or to slot 0 when it starts a new
        // chunk. Never read chunk[-1] or past the end: an index out of bounds sends V8 down its
        // generic lookup.
        const word = makeWord(text, start, j, size < chunk.length ? chunk[size] : undefined);
        chunk[size] = word;
        if (size > 0 && !joins(text, chunk[size - 1]!, word)) {
          finishChunk(text, chunk, size, earlier, lookup, out);
          chunk[size] = chunk[0]!;
          chunk[0] = word;
          size = 0;
        }
        size++;
      }
      finishChunk(text, chunk, size, earlier, lookup, out);
      spare = chunk;
    },
  };
}

function finishChunk(text: string, chunk: readonly Word[], size: number, earlier: number, ner: NerLookup, out: PiiFinding[]): void {
  if (size > 0 && !insideEarlier(out, earlier, chunk[0]!.start, chunk[size - 1]!.end)) classify(text, chunk, size, ner, out);
}

/** An apostrophe or hyphen between two letters belongs to the word (O'Brien, Mary-Jane). */
function isInnerPunctuation(text: string, j: number): boolean {
  const c = text.charCodeAt(j);
  if (c !== 39 && c !== 0x2019 && c !== 45) return false;
  return j + 1 < text.length && isWordChar(text.charCodeAt(j + 1), text, j + 1);
}

const NON_ASCII_UPPER = /^\p{Lu}/u;
/** Where a capitalised word may start: an ASCII capital or any non-ASCII code unit (checked after). */
const CAPITAL_OR_NON_ASCII = /[A-Z\u0080-\uffff]/g;

/** Code units of the upper-case letter at `i` (1, 2 for a surrogate pair), or 0. For c > 127. */
function upperLength(text: string, i: number): number {
  const point = text.codePointAt(i)!;
  if (!NON_ASCII_UPPER.test(String.fromCodePoint(point))) return 0;
  return point > 0xffff ? 2 : 1;
}

/** The word `text[start, end)` is, written into `reuse` when given. */
function makeWord(text: string, start: number, end: number, reuse: Word | undefined): Word {
  let stop = end;
  if (end - start > 2 && text.charCodeAt(end - 1) === 115 && (text.charCodeAt(end - 2) === 39 || text.charCodeAt(end - 2) === 0x2019)) stop -= 2;
  const info = wordInfoAt(text, start, stop);
  // An initial ("M.") or an honorific ("Mr.") keeps its dot.
  if (text.charCodeAt(stop) === 46 && (stop - start === 1 || info.title)) stop++;
  if (reuse === undefined) return { start, end: stop, info };
  reuse.start = start;
  reuse.end = stop;
  reuse.info = info;
  return reuse;
}

/**
 * The gazetteers' verdict on `text[start, stop)`, found by a hash of its characters first, so a
 * word seen before costs no string allocation (the hash is checked against the spelling; on a
 * collision the spelling itself is looked up).
 */
function wordInfoAt(text: string, start: number, stop: number): WordInfo {
  let hash = stop - start;
  let digit = false;
  for (let i = start; i < stop; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digit = true;
    hash = (Math.imul(hash, 31) + c) | 0;
  }
  // Order numbers and tracking codes ("TRK528715113", "A188312") are mostly seen once: no
  // gazetteer holds a digit, so their verdict needs no lookup and is not worth caching.
  if (digit) return wordWithDigits(text.slice(start, stop));
  hash &= 0x3fffffff;
  const known = WORD_INFO_BY_HASH.get(hash);
  if (known !== undefined && known.raw.length === stop - start && text.startsWith(known.raw, start)) return known;
  const info = wordInfo(text.slice(start, stop));
  if (known === undefined) {
    if (WORD_INFO_BY_HASH.size >= MAX_WORD_INFO) WORD_INFO_BY_HASH.clear();
    WORD_INFO_BY_HASH.set(hash, info);
  }
  return info;
}

function insideEarlier(found: readonly PiiFinding[], count: number, start: number, end: number): boolean {
  for (let i = 0; i < count; i++) {
    const f = found[i]!;
    if (f.score >= 0.7 && f.start <= start && end <= f.end) return true;
  }
  return false;
}

function joins(text: string, previous: Word, next: Word): boolean {
  if (next.start === previous.end + 1 && text.charCodeAt(previous.end) === 32) return true;
  if (next.start - previous.end > 12 || text.charCodeAt(previous.end) !== 32 || text.charCodeAt(next.start - 1) !== 32) return false;
  return text
    .slice(previous.end, next.start)
    .trim()
    .split(' ')
    .every((particle) => NAME_PARTICLES.has(particle));
}

type Explained = { type: PiiType; score: number; validator: Validator } | undefined;

/** Classifies the chunk `words[0, size)`. */
function classify(text: string, words: readonly Word[], size: number, ner: NerLookup, out: PiiFinding[]): void {
  // Fast path: a lone common word ("The", "Could", "Thanks") is nothing.
  if (size === 1 && words[0]!.info.common && !words[0]!.info.first) return;
  // Titles mark what follows as a person and are not part of the name.
  let titled = false;
  let from = 0;
  while (from < size && words[from]!.info.title) {
    titled = true;
    from++;
  }
  // Split the rest at common words (and at all-capitals words no list knows) and explain each
  // piece, the words words[pieceStart, i).
  let pieceStart = from;
  for (let i = from; i < size; i++) {
    const { info } = words[i]!;
    const acronym = info.allCaps && !(info.place || info.first || info.surname || info.org);
    const common = info.common;
    const nameLike = info.first || info.surname;
    const pieceLength = i - pieceStart;
    const afterName = pieceLength > 0 && (words[i - 1]!.info.first || titled);
    if (acronym || (common && !(nameLike && (afterName || titled || pieceLength === 0)))) {
      if (pieceLength > 0) explainPiece(text, words.slice(pieceStart, i), titled, ner, out);
      titled = false;
      pieceStart = i + 1;
    }
  }
  if (size > pieceStart) explainPiece(text, words.slice(pieceStart, size), titled, ner, out);
}

function explainPiece(text: string, piece: Word[], titled: boolean, ner: NerLookup, out: PiiFinding[]): void {
  const first = piece[0]!;
  const last = piece[piece.length - 1]!;
  const start = first.start;
  const end = last.end;
  const phrase = piece.length === 1 ? first.info.key : piece.map((w) => w.info.key).join(' ');
  const [w1, w2] = wordsBefore(text, start);
  const two = w2 === undefined || w1 === undefined ? '' : `${w2} ${w1}`;
  // A first word that is also a common word ("May", "Will") needs a second signal.
  const weakFirst = first.info.common;
  const personCue = titled || (w1 !== undefined && PERSON_CUES_1.has(w1)) || PERSON_CUES_2.has(two);

  const explained = explain(text, piece, titled, personCue, weakFirst, phrase, w1, two, ner);
  if (explained !== undefined) out.push({ type: explained.type, start, end, score: explained.score, validator: explained.validator });
}

function explain(
  text: string,
  piece: Word[],
  titled: boolean,
  personCue: boolean,
  weakFirst: boolean,
  phrase: string,
  w1: string | undefined,
  two: string,
  ner: NerLookup,
): Explained {
  const first = piece[0]!;
  const last = piece[piece.length - 1]!;
  const start = first.start;
  if (titled) return { type: 'PERSON', score: 0.9, validator: 'cue' };
  if ((piece.length === 1 ? first.info.place : PLACES.has(phrase)) && !(personCue && first.info.first)) return { type: 'LOCATION', score: 0.85, validator: 'gazetteer' };
  if (piece.length === 1 ? first.info.org : KNOWN_ORGANIZATIONS.has(phrase)) return { type: 'ORGANIZATION', score: 0.85, validator: 'gazetteer' };
  if (piece.length >= 2 && last.info.orgSuffix) return { type: 'ORGANIZATION', score: 0.85, validator: 'gazetteer' };
  if (piece.length >= 2 && piece.some((w) => w.info.org)) return { type: 'ORGANIZATION', score: 0.7, validator: 'gazetteer' };
  if (first.info.first && (!weakFirst || piece.length >= 2 || personCue)) {
    return { type: 'PERSON', score: piece.length >= 2 ? 0.85 : 0.7, validator: 'gazetteer' };
  }
  if (piece.length >= 2 && piece.some((w) => w.info.surname && !w.info.common)) return { type: 'PERSON', score: 0.75, validator: 'gazetteer' };
  if (personCue && !weakFirst) return { type: 'PERSON', score: 0.8, validator: 'cue' };
  if (piece.length === 1 && first.info.place) return { type: 'LOCATION', score: 0.8, validator: 'gazetteer' };
  const initial = sentenceInitial(text, start);
  if (piece.length === 1 && first.info.surname && !weakFirst && !initial) return { type: 'PERSON', score: 0.6, validator: 'gazetteer' };
  if (piece.every((w) => w.info.place)) return { type: 'LOCATION', score: 0.7, validator: 'gazetteer' };
  if (ORG_CUES_2.has(two)) return { type: 'ORGANIZATION', score: 0.6, validator: 'cue' };
  if (weakFirst || piece.length > 3) return undefined;
  if (PLACE_CUES_2.has(two)) return { type: 'LOCATION', score: 0.65, validator: 'cue' };
  // Mid-sentence after "in", "to", "from": an unknown capitalised word there is a place far more
  // often than not, and the tagger would only confirm that it is a proper noun.
  if (piece.length <= 2 && !initial && w1 !== undefined && PLACE_CUES_1.has(w1)) return { type: 'LOCATION', score: 0.55, validator: 'cue' };
  return properNounByNer(text, piece, phrase, ner);
}

/**
 * The last resort, for two or three capitalised words nothing else explains: tag a short window
 * around them and keep them as a person when every word is a proper noun. A single unexplained
 * word is left alone: on the presidio-research sample, single-word guesses were wrong more often
 * than right.
 */
function properNounByNer(text: string, piece: Word[], phrase: string, lookup: NerLookup): Explained {
  if (piece.length < 2) return undefined;
  let verdict = lookup.verdicts.get(phrase);
  if (verdict === undefined) {
    const tagger = lookup.ner();
    if (tagger === undefined) return undefined;
    verdict = allProperNouns(text, piece, tagger);
    if (lookup.verdicts.size >= MAX_VERDICTS) lookup.verdicts.delete(lookup.verdicts.keys().next().value!);
    lookup.verdicts.set(phrase, verdict);
  }
  return verdict ? { type: 'PERSON', score: 0.6, validator: 'ner' } : undefined;
}

function allProperNouns(text: string, piece: Word[], tagger: NerTagger): boolean {
  const start = piece[0]!.start;
  const end = piece[piece.length - 1]!.end;
  const [windowStart, windowEnd] = windowAround(text, start, end);
  const tokens = tagger.tag(text.slice(windowStart, windowEnd));
  let words = 0;
  for (const token of tokens) {
    const s = token.start + windowStart;
    const e = token.end + windowStart;
    if (s < start || e > end || !/\p{L}/u.test(text.slice(s, e))) continue;
    if (token.pos !== 'PROPN') return false;
    words++;
  }
  return words > 0;
}

/** Whether only spaces, quotes or brackets stand between `index` and a sentence start. */
function sentenceInitial(text: string, index: number): boolean {
  for (let i = index - 1; i >= 0; i--) {
    const c = text[i]!;
    if (c === ' ' || c === '"' || c === "'" || c === '(' || c === '“' || c === '\t' || c === '*' || c === '-' || c === '>') continue;
    return c === '.' || c === '!' || c === '?' || c === '\n' || c === ':' || c === '\r';
  }
  return true;
}

/** The sentence around a chunk, at most ~40 characters either side: tagging costs per token. */
function windowAround(text: string, start: number, end: number): [number, number] {
  const limit = 40;
  let s = start;
  while (s > 0 && start - s < limit && !/[.!?\n]/.test(text[s - 1]!)) s--;
  while (s > 0 && s < start && /\S/.test(text[s - 1]!)) s++;
  let e = end;
  while (e < text.length && e - end < limit && !/[.!?\n]/.test(text[e]!)) e++;
  return [s, Math.min(text.length, e + 1)];
}
