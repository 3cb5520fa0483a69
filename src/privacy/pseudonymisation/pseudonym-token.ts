import type { PiiType } from '../detection/index.js';

/**
 * What a token stands for: a kind of personal data, or `LITERAL`, text the customer typed that
 * merely looks like a token ("[EMAIL_1]") and was set aside so it cannot be mistaken for one.
 */
export type TokenType = PiiType | 'LITERAL';

/** `[TYPE_n]`: upper-case letters and underscores, then `_` and a positive number. */
export const TOKEN_PATTERN = /\[([A-Z][A-Z_]*)_([1-9]\d{0,8})\]/g;

/** The token for the `n`th distinct value of `type` in a conversation: `[EMAIL_1]`. */
export function formatToken(type: TokenType, n: number): string {
  return `[${type}_${n}]`;
}
