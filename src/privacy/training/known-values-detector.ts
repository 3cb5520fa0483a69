import type { PiiDetector, PiiFinding, PiiType } from '../detection/index.js';

/** A value already known to be personal data (a contact's e-mail or name) and its type. */
export interface KnownValue {
  readonly type: PiiType;
  readonly value: string;
}

/** Name words shorter than this are not looked for on their own (initials, particles). */
const MIN_WORD_LENGTH = 2;

/**
 * A detector that also reports every occurrence of `values`, whatever the detector makes of them:
 * compared case-insensitively and never inside a longer word; a `PERSON` value also word by word
 * (`Jane` and `Roe` of `Jane Roe`). Where such an occurrence overlaps a finding of the detector
 * the two become one finding covering both spans (the earlier one's type), so adding known values
 * can only widen what is replaced, never narrow it.
 */
export function withKnownValues(detector: PiiDetector, values: readonly KnownValue[]): PiiDetector {
  const patterns = values.flatMap(({ type, value }) => searchTerms(type, value).map((term) => ({ type, pattern: wholeWords(term) })));
  return {
    detect(text: string): PiiFinding[] {
      const found = detector.detect(text);
      if (patterns.length === 0) return found;
      const known = patterns.flatMap(({ type, pattern }) =>
        [...text.matchAll(pattern)].map((match): PiiFinding => ({ type, start: match.index, end: match.index + match[0].length, score: 1, validator: 'known-value' })),
      );
      return known.length === 0 ? found : mergeOverlapping([...found, ...known]);
    },
  };
}

function searchTerms(type: PiiType, value: string): string[] {
  const whole = value.trim();
  if (whole === '') return [];
  if (type !== 'PERSON') return [whole];
  const words = whole.split(/[\s,]+/u).filter((word) => [...word].length >= MIN_WORD_LENGTH);
  return [...new Set([whole, ...words])];
}

/** `term` anywhere, case-insensitively, not glued to letters or digits on either side. */
function wholeWords(term: string): RegExp {
  const escaped = term.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'giu');
}

/** Findings sorted by start, overlapping ones joined into one that covers them all. */
function mergeOverlapping(findings: readonly PiiFinding[]): PiiFinding[] {
  const sorted = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: PiiFinding[] = [];
  for (const finding of sorted) {
    const previous = merged[merged.length - 1];
    if (previous !== undefined && finding.start < previous.end) {
      merged[merged.length - 1] = { ...previous, end: Math.max(previous.end, finding.end), score: Math.max(previous.score, finding.score) };
    } else {
      merged.push(finding);
    }
  }
  return merged;
}
