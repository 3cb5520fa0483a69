import { STREET_NAME_ENDINGS, STREET_TYPES_FIRST } from '../gazetteers/street-words.js';
import type { PiiFinding } from '../pii-finding.js';
import type { Recognizer } from '../recognizer.js';
import type { TextProfile } from '../text-profile.js';

const WORD = String.raw`[\p{Lu}][\p{L}'’.-]*`;
const SUFFIX =
  'Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Way|Terrace|Ter|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Square|Sq|Trail|Trl|Crescent|Cres|Close|Grove|Gardens|Row|Mews|Walk|Alley|Plaza|Loop|Path|Pike|Run';
const UNIT = String.raw`(?:,?\s*(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl|Room|Rm|#)\.?\s*#?[A-Za-z0-9-]{1,6})?`;
const CITY_STATE_ZIP = String.raw`(?:,\s*${WORD}(?: ${WORD}){0,2},\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?)?`;
/** "221B Baker Street, Apt 4, Springfield, IL 62704" (number first, English suffix). */
const NUMBER_FIRST = String.raw`\b\d{1,6}[A-Za-z]?\s+(?:[NSEW]\.?\s+)?(?:${WORD}\s+){0,3}${WORD}\s+(?:${SUFFIX})\b\.?${UNIT}${CITY_STATE_ZIP}`;
const NAME_ENDING = `(?:${STREET_NAME_ENDINGS.join('|')})`;
const TYPE = `(?:${STREET_TYPES_FIRST.map((word) => word.replace('.', String.raw`\.`)).join('|')})`;
/** "Hauptstraße 5", "Kiannonkatu 98", "Storgatan 12b" (a street word ending, then the number). */
const NAME_FIRST = String.raw`\b[\p{Lu}][\p{L}-]*${NAME_ENDING}\s+\d{1,4}[a-z]?\b`;
/** "Rua João Pessoa 1636", "Via Roma 10", "ul. Północna 73", "Calle Mayor 5". */
const TYPE_FIRST = String.raw`\b${TYPE}\s+(?:[\p{L}'’.-]+\s+){0,4}\d{1,4}[a-z]?\b`;
const PO_BOX = String.raw`\bP\.?\s?O\.?\s*Box\s+\d{1,6}\b`;
const ADDRESS = new RegExp(`${NUMBER_FIRST}|${NAME_FIRST}|${TYPE_FIRST}|${PO_BOX}`, 'gu');
/**
 * Cheap necessary condition for the number-first form; the street-first forms ("Storgatan 12",
 * "Rua João Pessoa 1636", "PO Box 12") need the profile's `streetWord`.
 */
const NUMBER_THEN_WORD = /\d[A-Za-z]?\s+(?:[NSEW]\.?\s+)?\p{Lu}/u;

/**
 * Street addresses, best effort: a house number, capitalised street words and a street-type
 * suffix, with an optional unit and "City, ST 12345"; street-first European forms; PO boxes.
 * Only texts holding a digit are searched.
 */
export function streetAddressRecognizer(): Recognizer {
  return {
    name: 'street-address',
    types: ['STREET_ADDRESS'],
    applies: (p) => p.digits >= 1 && p.upper,
    scan(text: string, out: PiiFinding[], profile: TextProfile): void {
      if (!profile.streetWord && !(profile.numberThenCapital && NUMBER_THEN_WORD.test(text))) return;
      ADDRESS.lastIndex = 0;
      for (let match = ADDRESS.exec(text); match !== null; match = ADDRESS.exec(text)) {
        out.push({ type: 'STREET_ADDRESS', start: match.index, end: match.index + match[0].length, score: 0.7, validator: 'shape' });
      }
    },
  };
}
