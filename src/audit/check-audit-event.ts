import { SealdeskError } from '../errors/index.js';
import type { AuditEvent } from './audit-event.js';

/**
 * What a detail or ticket of an audit event may be, besides a finite number: an identifier-like
 * token — ids, rule and role names, enum values, timestamps, comma-joined id lists, ticket
 * references. No spaces and no `@`, so a sentence, a name or an e-mail address cannot pass.
 */
const FACT = /^[A-Za-z0-9._:#/,+=-]{1,200}$/;
const FIELD = /^[a-z][a-z_.]{0,63}$/;

/**
 * Refuses (`internal`: a bug, never the caller's input) an event whose details, ticket or field
 * names could carry message content or contact PII, before it is hashed into the log. Audit
 * events are kept for years and exported to SIEMs; minimisation is checked here, once, rather
 * than at each of the places that record one.
 */
export function checkAuditEvent(event: AuditEvent): AuditEvent {
  for (const [key, value] of Object.entries(event.details ?? {})) {
    const valid = typeof value === 'number' ? Number.isFinite(value) : FACT.test(value);
    if (!valid || !/^[a-z][A-Za-z0-9]{0,39}$/.test(key)) throw new SealdeskError('internal', { detail: `audit detail "${key}" of ${event.action} is not an id, a count or a token` });
  }
  if (event.reason.ticket !== null && !FACT.test(event.reason.ticket)) throw new SealdeskError('internal', { detail: `the ticket of ${event.action} is not a reference` });
  for (const field of event.resource.fields ?? []) {
    if (!FIELD.test(field)) throw new SealdeskError('internal', { detail: `field "${field}" of ${event.action} is not a field name` });
  }
  return event;
}
