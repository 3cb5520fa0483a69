import type { CountryCode } from 'libphonenumber-js/max';
import type { PiiFinding, PiiType } from './pii-finding.js';
import type { Recognizer } from './recognizer.js';
import { cryptoWalletRecognizer } from './recognizers/crypto-wallet-recognizer.js';
import { dateOfBirthRecognizer } from './recognizers/date-of-birth-recognizer.js';
import { emailRecognizer } from './recognizers/email-recognizer.js';
import { ibanRecognizer } from './recognizers/iban-recognizer.js';
import { ipAddressRecognizer } from './recognizers/ip-address-recognizer.js';
import { nameRecognizer } from './recognizers/name-recognizer.js';
import { passportRecognizer } from './recognizers/passport-recognizer.js';
import { paymentCardRecognizer } from './recognizers/payment-card-recognizer.js';
import { DEFAULT_PHONE_REGIONS, phoneRecognizer } from './recognizers/phone-recognizer.js';
import { secretRecognizer } from './recognizers/secret-recognizer.js';
import { streetAddressRecognizer } from './recognizers/street-address-recognizer.js';
import { ukNinoRecognizer } from './recognizers/uk-nino-recognizer.js';
import { urlRecognizer } from './recognizers/url-recognizer.js';
import { usSsnRecognizer } from './recognizers/us-ssn-recognizer.js';
import type { NerTagger } from './ner/ner-tagger.js';
import { resolveOverlaps } from './resolve-overlaps.js';
import { newProfileBuffer, profileText, type ProfileBuffer } from './text-profile.js';

/** Finds personal data in text. Stateless and safe to share between conversations. */
export interface PiiDetector {
  /** Non-overlapping findings sorted by start. Never throws on any string input. */
  detect(text: string): PiiFinding[];
}

export interface PiiDetectorOptions {
  /** Only report these types (default: all). */
  readonly types?: readonly PiiType[];
  /** Regions tried for phone numbers written without `+` (default: US, GB, DE, FR, IL, IN, CA, BR). */
  readonly phoneRegions?: readonly CountryCode[];
  /**
   * The NER model consulted for capitalised words no gazetteer or cue explains. Default: wink-nlp
   * with its bundled English model, loaded on first use; `false` for gazetteers and cues only.
   */
  readonly ner?: NerTagger | false;
  /** Drop findings scoring below this (default 0: report everything, fail closed). */
  readonly minScore?: number;
}

/** Builds a detector from every recogniser, each behind its own cheap prefilter. */
export function createPiiDetector(options: PiiDetectorOptions = {}): PiiDetector {
  const wanted = options.types === undefined ? undefined : new Set(options.types);
  const recognizers: Recognizer[] = [
    emailRecognizer(),
    urlRecognizer(),
    ipAddressRecognizer(),
    paymentCardRecognizer(),
    ibanRecognizer(),
    cryptoWalletRecognizer(),
    usSsnRecognizer(),
    ukNinoRecognizer(),
    passportRecognizer(),
    phoneRecognizer(options.phoneRegions ?? DEFAULT_PHONE_REGIONS),
    secretRecognizer(),
    dateOfBirthRecognizer(),
    streetAddressRecognizer(),
    nameRecognizer({ ner: options.ner }),
  ].filter((r) => wanted === undefined || r.types.some((t) => wanted.has(t)));
  const minScore = options.minScore ?? 0;
  // One profile object for every text (a text's profile is read only while it is scanned); taken
  // while a text is scanned, so a detection inside a detection (from an NER tagger) gets its own.
  let spare: ProfileBuffer | undefined = newProfileBuffer();
  return {
    detect(text: string): PiiFinding[] {
      if (typeof text !== 'string' || text.length === 0) return [];
      const found: PiiFinding[] = [];
      const buffer = spare ?? newProfileBuffer();
      spare = undefined;
      const profile = profileText(text, buffer);
      for (const recognizer of recognizers) if (recognizer.applies(profile)) recognizer.scan(text, found, profile);
      spare = buffer;
      if (found.length === 0) return found;
      const kept = minScore === 0 && wanted === undefined ? found : found.filter((f) => f.score >= minScore && (wanted === undefined || wanted.has(f.type)));
      return resolveOverlaps(kept);
    },
  };
}
