import type { PseudonymEntry, PseudonymMapping } from './pseudonym-mapping.js';
import { TOKEN_PATTERN } from './pseudonym-token.js';

export interface RestoreOptions {
  /**
   * Card numbers: `mask` (the default) writes `•••• 1111`, the last four digits only, so a full
   * card number never reaches an assistant reply; `reveal` restores it (for the staff view under
   * a grant, and for tests).
   */
  readonly cards?: 'mask' | 'reveal';
}

/**
 * Puts the original values back in place of the mapping's tokens, in one pass: a restored value
 * is never read again as a token, tokens the mapping does not know (an LLM inventing
 * `[EMAIL_9]`, or a token of another conversation) stay as they are, and `[LITERAL_n]` gives back
 * the token-like text the customer typed. `restore(pseudonymise(x).text, mapping, {cards:
 * 'reveal'})` is exactly `x`.
 */
export function restore(text: string, mapping: PseudonymMapping, options: RestoreOptions = {}): string {
  const byToken = new Map<string, PseudonymEntry>(mapping.entries.map((e) => [e.token, e]));
  const cards = options.cards ?? 'mask';
  return text.replace(TOKEN_PATTERN, (token) => {
    const entry = byToken.get(token);
    if (entry === undefined) return token;
    if (entry.type === 'CREDIT_CARD' && cards === 'mask') return maskCard(entry.value);
    return entry.value;
  });
}

/** `•••• 1111`: the last four digits of a card number. */
export function maskCard(value: string): string {
  const digits = value.replace(/\D/g, '');
  return `•••• ${digits.slice(-4)}`;
}
