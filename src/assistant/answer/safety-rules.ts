import { WordForms, wordsOf } from './word-forms.js';

/** Why a message is not answered by the assistant, whatever the knowledge base says. */
export type SafetyFinding =
  | { readonly reason: 'prompt-injection'; readonly rule: string }
  | { readonly reason: 'sensitive-topic'; readonly rule: string }
  | { readonly reason: 'human-requested'; readonly rule: string };

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

/** A deterministic rule on the customer's words; `words` are `wordsOf(message)`. */
type MessageRule = (message: string, words: readonly string[]) => boolean;

const REFUND_WORDS = new WordForms([
  [['refund'], ['', 's', 'ed', 'ing', 'able']],
  [['reimburs'], ['e', 'es', 'ed', 'ing', 'ement', 'ements']],
  [['rebat'], ['e', 'es', 'ing']],
  [['restitution', 'chargeback'], ['', 's']],
  [['compensat'], ['e', 'es', 'ed', 'ing', 'ion', 'ions']],
  [['repay'], ['', 's', 'ing', 'ment', 'ments']],
], ['relays']);
const MONEY_WORDS = new WordForms([
  [['charge', 'overcharge'], ['', 's', 'd']],
  [['charging', 'billing', 'billed', 'invoicing', 'pricing', 'money', 'vat', 'pay', 'pays', 'paid', 'paying', 'afford'], ['']],
  [['bill', 'invoice', 'payment', 'price', 'cost', 'fee', 'discount', 'coupon', 'receipt', 'dollar', 'euro', 'tax', 'penalty'], ['', 's']],
  [['penalties', 'taxes'], ['']],
], ['change', 'changed', 'changes', 'changing', 'changer']);
const PLAN_WORDS = new WordForms([
  [['cancel'], ['', 's', 'ed', 'led', 'ing', 'ling', 'ation', 'lation', 'lations']],
  [['unsubscrib', 'subscrib'], ['e', 'es', 'ed', 'ing']],
  [['subscription', 'renewal', 'termination'], ['', 's']],
  [['downgrad', 'upgrad', 'terminat'], ['e', 'es', 'ed', 'ing']],
  [['renew'], ['', 's', 'ed', 'ing']],
]);
const ACCOUNT_CHANGE_VERBS = new WordForms([
  [['delet', 'remov', 'clos', 'deactivat', 'terminat', 'chang', 'updat'], ['e', 'es', 'ed', 'ing']],
  [['edit', 'switch', 'transfer'], ['', 's', 'ed', 'ing', 'es', 'red', 'ring']],
  [['modif'], ['y', 'ies', 'ied', 'ying']],
  [['correct', 'correcting', 'corrected', 'deletion', 'removal', 'closure'], ['']],
]);
/** What an account change is about: the account itself, or the personal details it holds. */
const ACCOUNT_WORDS = new WordForms([[['account', 'profile', 'membership', 'workspace', 'organisation', 'organization', 'ownership'], ['', 's']], [['personal'], ['']]]);
const ACCOUNT_END_WORDS = new WordForms([[['removal', 'deletion', 'closure', 'termination', 'cancellation'], ['', 's']]]);
const PLAN_TIERS = new WordForms([[['free', 'freemium', 'standard', 'premium', 'platinum', 'gold', 'pro', 'business', 'enterprise', 'basic', 'plus', 'starter'], ['']]]);
const TIER_CHANGE_VERBS = new WordForms([
  [['use', 'using', 'move', 'moving', 'go', 'going'], ['']],
  [['switch'], ['', 'ing']],
  [['chang', 'upgrad', 'downgrad'], ['e', 'ing']],
]);
const HUMAN_WORDS = new WordForms([
  [['human', 'person', 'agent', 'assistant', 'operator', 'representative', 'rep', 'someone', 'somebody', 'staff', 'people', 'employee'], ['', 's']],
]);
const CONTACT_VERBS = new WordForms([
  [['talk', 'speak', 'chat', 'contact', 'connect', 'reach'], ['', 's', 'ing', 'ed']],
  [['transfer', 'escalat'], ['', 'e', 'ing']],
]);
/** Mailing-list wording: (un)subscribing from a newsletter is no change to the customer's plan. */
const NEWSLETTER_WORDS = new WordForms([[['newsletter'], ['', 's']]]);
const NEWSLETTER = /newslet|mailing lists?|marketing (e-?mails?|messages)/i;

/** Whether a word of `first` is followed, within `window` words, by a word of `second`. */
function followedWithin(words: readonly string[], first: WordForms, second: WordForms, window: number): boolean {
  return words.some((word, i) => first.has(word) && words.slice(i + 1, i + 1 + window).some((next) => second.has(next)));
}

/** Whether a plan tier names an account or plan ("the gold account") that the customer wants to use or move to. */
function tierChange(words: readonly string[]): boolean {
  return words.some((word, i) => {
    const next = words[i + 1] ?? '';
    const namesTier = PLAN_TIERS.has(word) && (next === 'plan' || ACCOUNT_WORDS.has(next));
    return namesTier && words.slice(Math.max(0, i - 4), i).some((before) => TIER_CHANGE_VERBS.has(before));
  });
}

/**
 * Topics the assistant never handles, so it can never promise them: refunds, money, billing and
 * payments, plan changes and cancellations, and changes to the account itself (closing, editing or
 * switching it, changing its owner, e-mail or billing details). Checked on the customer's message
 * only, on words rather than exact spellings (see `WordForms`). `test:conformance` measures them
 * on Bitext's labelled support requests (docs/assistant.md).
 */
export const SENSITIVE_RULES: ReadonlyArray<readonly [string, MessageRule]> = [
  ['refund', (message, words) => REFUND_WORDS.find(words) >= 0 || /\bmoney back\b/i.test(message)],
  ['money', (message, words) => MONEY_WORDS.find(words) >= 0 || /[$€£]\s?\d|\d\s?(usd|eur|gbp)\b|credit card|card number/i.test(message)],
  ['plan-change', (message, words) => (PLAN_WORDS.find(words) >= 0 && !NEWSLETTER.test(message) && NEWSLETTER_WORDS.find(words) < 0) || /\b(trial extension|early exit)\b/i.test(message)],
  [
    'account-change',
    (message, words) =>
      followedWithin(words, ACCOUNT_CHANGE_VERBS, ACCOUNT_WORDS, 5) ||
      followedWithin(words, ACCOUNT_WORDS, ACCOUNT_END_WORDS, 2) ||
      tierChange(words) ||
      /\b(change|transfer|update)\s+(my|our|the)?\s*(account\s+)?(owner(ship)?|e-?mail address|billing|account e-?mail|login e-?mail)\b/i.test(message),
  ],
];

/** The customer asks for a person: handed over at once, whatever the knowledge base holds. */
const HUMAN_REQUEST: MessageRule = (message, words) =>
  followedWithin(words, CONTACT_VERBS, HUMAN_WORDS, 4) || /\b(human|live|real)\s+(agent|person|operator|support)\b/i.test(message);

/** The first rule a customer message trips: injection, then sensitive topics, then a request for a human; undefined if none. */
export function checkSafety(message: string): SafetyFinding | undefined {
  const injection = INJECTION_RULES.find(([, pattern]) => pattern.test(message));
  if (injection) return { reason: 'prompt-injection', rule: injection[0] };
  const words = wordsOf(message);
  const sensitive = SENSITIVE_RULES.find(([, rule]) => rule(message, words));
  if (sensitive) return { reason: 'sensitive-topic', rule: sensitive[0] };
  if (HUMAN_REQUEST(message, words)) return { reason: 'human-requested', rule: 'human-requested' };
  return undefined;
}

/** Whether a piece of knowledge-base text reads like an instruction to the assistant. */
export function looksLikeInjection(text: string): boolean {
  return INJECTION_RULES.some(([, pattern]) => pattern.test(text));
}
