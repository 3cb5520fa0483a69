import { SealdeskError } from '../errors/index.js';
import type { AlertFact } from './alert-summary.js';
import { isReferenceId } from './reference-id.js';

/** Machine-readable facts about an alert: ids, counts and flags under short camelCase keys. */
export type AlertDetails = Readonly<Record<string, AlertFact | boolean>>;

const MAX_KEYS = 16;
const KEY = /^[a-z][A-Za-z0-9]{0,39}$/;

/**
 * Returns `details` if every value is a finite number, a boolean or a Sealdesk id; otherwise
 * throws `internal`, so strings that could hold content or PII never reach a destination.
 */
export function checkAlertDetails(details: AlertDetails): AlertDetails {
  const entries = Object.entries(details);
  if (entries.length > MAX_KEYS) throw new SealdeskError('internal', { detail: `alert details hold more than ${MAX_KEYS} keys` });
  for (const [key, value] of entries) {
    const valid =
      KEY.test(key) &&
      (typeof value === 'boolean' || (typeof value === 'number' ? Number.isFinite(value) : isReferenceId(value)));
    if (!valid) throw new SealdeskError('internal', { detail: `alert detail "${KEY.test(key) ? key : '?'}" is not an id, a count or a flag` });
  }
  return details;
}
