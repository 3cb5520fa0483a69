import type { PiiDetector } from '../detection/index.js';
import { emptyMapping, type PseudonymMapping } from './pseudonym-mapping.js';
import { pseudonymise, type Pseudonymisation } from './pseudonymise.js';
import { restore, type RestoreOptions } from './restore.js';

/**
 * One conversation's pseudonymiser: it keeps the mapping between calls, so `[EMAIL_1]` in the
 * first message and in the fifth are the same address. Start it from the stored (unsealed)
 * mapping, and store `mapping` again, sealed, after each call that changed it.
 */
export interface ConversationPseudonymiser {
  pseudonymise(text: string): Pseudonymisation;
  restore(text: string, options?: RestoreOptions): string;
  readonly mapping: PseudonymMapping;
}

export function createConversationPseudonymiser(detector: PiiDetector, initial: PseudonymMapping = emptyMapping()): ConversationPseudonymiser {
  let mapping = initial;
  return {
    pseudonymise(text: string): Pseudonymisation {
      const result = pseudonymise(text, detector, mapping);
      mapping = result.mapping;
      return result;
    },
    restore(text: string, options?: RestoreOptions): string {
      return restore(text, mapping, options);
    },
    get mapping(): PseudonymMapping {
      return mapping;
    },
  };
}
