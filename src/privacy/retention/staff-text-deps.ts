import type { EnforcementDeps } from '../../access/index.js';
import type { RedactorFactory } from '../redactor.js';

/** What operations that store staff-written text (hold reasons, change purposes) need: the gate and a redactor. */
export interface StaffTextDeps extends EnforcementDeps {
  /** Strips personal data from the text before it is stored. */
  readonly redactor: RedactorFactory;
}
