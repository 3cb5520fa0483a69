import type { PiiFinding, PiiType } from './pii-finding.js';
import type { TextProfile } from './text-profile.js';

/**
 * One family of detectors. `applies` looks only at the text's profile (one shared pass over the
 * characters) and says whether the text could hold this type at all; `scan` appends what it finds
 * to `out` (overlaps allowed; the detector resolves them). Recognisers run in the detector's
 * order and may read what earlier ones put in `out`; `profile` is the same profile `applies` saw,
 * and is reused for the next text: read it during the call, never keep it.
 */
export interface Recognizer {
  readonly name: string;
  readonly types: readonly PiiType[];
  applies(profile: TextProfile): boolean;
  scan(text: string, out: PiiFinding[], profile: TextProfile): void;
}
