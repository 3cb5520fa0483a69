import type { RedactorFactory } from '../../privacy/redactor.js';
import type { EnforcementDeps } from '../enforce.js';
import type { BreakGlassNotifier } from './break-glass-notifier.js';

/** What access requests need: the gate's dependencies, the break-glass alert port, a redactor. */
export interface AccessDeps extends EnforcementDeps {
  readonly breakGlassNotifier: BreakGlassNotifier;
  /** Strips personal data from staff-written text (purposes, review notes) before it is stored. */
  readonly redactor: RedactorFactory;
}
