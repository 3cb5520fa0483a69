/** Why a message is not answered by the assistant, whatever the knowledge base says. */
export type SafetyFinding =
  | { readonly reason: 'prompt-injection'; readonly rule: string }
  | { readonly reason: 'sensitive-topic'; readonly rule: string };

/**
 * Attempts to steer the assistant rather than ask it something: override its rules, reveal its
 * prompt, act as someone else, or reach other customers' data. Also applied to knowledge-base
 * text, whose matching sentences are never quoted (KB text is data, never instructions).
 */
export const INJECTION_RULES: ReadonlyArray<readonly [string, RegExp]> = [
  ['override-instructions', /\b(ignore|disregard|forget|override|bypass)\b[^.?!]{0,40}\b(instructions?|rules|guidelines|prompt|polic(y|ies)|programming|guardrails)\b/i],
  ['system-prompt', /\b(system|hidden|initial|developer)\s+(prompt|message|instructions?)\b/i],
  ['reveal-instructions', /\b(reveal|print|show|repeat|dump|output)\b[^.?!]{0,30}\b(your|the)\s+(instructions|prompt|rules|configuration)\b/i],
  ['other-customers', /\b(other|another|all|every)\s+(customers?|users?|accounts?|tenants?|companies|people)('s|’s|s'|s’)?\s*(data|orders?|emails?|e-mails?|addresses|details|records|tickets|conversations|information|info|messages|boards|files)\b/i],
  ['other-customers', /\b(other|another)\s+(customer|user|tenant)s?['’]/i],
  ['role-play', /\b(you are now|pretend (to be|you are)|act as (an?|the)\s+(admin|administrator|developer|root|system)|developer mode|jailbreak|DAN mode)\b/i],
];

/**
 * Topics the assistant never handles, so it can never promise them: refunds, money, billing and
 * payments, plan changes and cancellations, and changes to the account itself (closing it,
 * changing its owner, e-mail or billing details). Checked on the customer's message only.
 */
export const SENSITIVE_RULES: ReadonlyArray<readonly [string, RegExp]> = [
  ['refund', /\b(refunds?|refunded|reimburse\w*|money back|chargebacks?|compensat\w*)\b/i],
  ['money', /\b(charged?|charges|charging|billing|billed|invoices?|payments?|pay|paid|price|pricing|prices|cost|costs|discount\w*|coupon\w*|credit card|card number|money|fees?|vat|tax|receipts?)\b|[$€£]\s?\d/i],
  ['plan-change', /\b(cancel\w*|unsubscribe|downgrade\w*|upgrade\w*|subscription|renewal|renew|trial extension)\b/i],
  ['account-change', /\b(delete|close|deactivate|remove|terminate)\s+(my|our|the)\s+(account|workspace|organi[sz]ation)\b/i],
  ['account-change', /\b(change|transfer|update)\s+(my|our|the)?\s*(account\s+)?(owner(ship)?|e-?mail address|billing|account e-?mail|login e-?mail)\b/i],
];

/** The first rule a customer message trips: injection before sensitive topics; undefined if none. */
export function checkSafety(message: string): SafetyFinding | undefined {
  const injection = INJECTION_RULES.find(([, pattern]) => pattern.test(message));
  if (injection) return { reason: 'prompt-injection', rule: injection[0] };
  const sensitive = SENSITIVE_RULES.find(([, pattern]) => pattern.test(message));
  if (sensitive) return { reason: 'sensitive-topic', rule: sensitive[0] };
  return undefined;
}

/** Whether a piece of knowledge-base text reads like an instruction to the assistant. */
export function looksLikeInjection(text: string): boolean {
  return INJECTION_RULES.some(([, pattern]) => pattern.test(text));
}
