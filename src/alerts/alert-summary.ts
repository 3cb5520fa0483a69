import { SealdeskError } from '../errors/index.js';
import { isReferenceId } from './reference-id.js';

declare const summaryBrand: unique symbol;

/** A one-line alert summary made by `alertSummary`: code-written text around ids and counts. */
export type AlertSummary = string & { readonly [summaryBrand]: true };

/** What may be interpolated into a summary: a count, or a Sealdesk id such as `cnv_…`. */
export type AlertFact = number | `${string}_${string}`;

const MAX_SUMMARY_LENGTH = 300;

/**
 * Builds an alert summary as a tagged template, so the text is written in code and only facts are
 * interpolated: `` alertSummary`${count} denials for ${memberId} in 10 minutes` ``. Each string
 * fact must be a Sealdesk id (checked at run time, since a type cannot tell an id from an e-mail);
 * anything else — names, addresses, message text — throws `internal`, so customer content or PII
 * can never reach an alert destination through the summary.
 */
export function alertSummary(text: TemplateStringsArray, ...facts: readonly AlertFact[]): AlertSummary {
  let summary = text[0] ?? '';
  facts.forEach((fact, index) => {
    if (typeof fact === 'number' ? !Number.isFinite(fact) : !isReferenceId(fact)) {
      throw new SealdeskError('internal', { detail: `alert summary fact ${index} is not an id or a count` });
    }
    summary += String(fact) + (text[index + 1] ?? '');
  });
  if (summary.length > MAX_SUMMARY_LENGTH) {
    throw new SealdeskError('internal', { detail: `alert summary longer than ${MAX_SUMMARY_LENGTH} characters` });
  }
  return summary as AlertSummary;
}
