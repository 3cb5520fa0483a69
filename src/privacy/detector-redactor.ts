import { createPiiDetector, type PiiDetector } from './detection/index.js';
import { createConversationPseudonymiser } from './pseudonymisation/index.js';
import type { RedactorFactory } from './redactor.js';

/**
 * Redactors backed by the full PII detector (names, places, IBANs, national ids, secrets, …):
 * each conversation gets its own pseudonymiser, so tokens are consistent within it and mean
 * nothing outside it. The detector is built once and shared; it holds no personal data.
 */
export function createDetectorRedactorFactory(detector: PiiDetector = createPiiDetector()): RedactorFactory {
  return () => {
    const pseudonymiser = createConversationPseudonymiser(detector);
    return {
      redact(text) {
        const result = pseudonymiser.pseudonymise(text);
        return {
          text: result.text,
          findings: result.findings.map((finding) => ({ kind: finding.type, token: finding.token, start: finding.start, end: finding.end })),
        };
      },
    };
  };
}
