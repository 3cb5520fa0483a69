import { z } from 'zod';
import { PII_TYPES } from '../detection/index.js';
import { TOKEN_PATTERN, type TokenType } from './pseudonym-token.js';

/** One token and the exact text it replaced. */
export interface PseudonymEntry {
  readonly token: string;
  readonly type: TokenType;
  readonly value: string;
}

/**
 * One conversation's tokens. It holds the original values, so it is as sensitive as the messages:
 * store it sealed with them (never in a log, an audit event or an error), and never use one
 * conversation's mapping for another. Immutable: `pseudonymise` returns a new one.
 */
export interface PseudonymMapping {
  readonly v: 1;
  readonly entries: readonly PseudonymEntry[];
}

export function emptyMapping(): PseudonymMapping {
  return { v: 1, entries: [] };
}

const TOKEN_TYPES = [...PII_TYPES, 'LITERAL'] as const;

const mappingSchema = z
  .object({
    v: z.literal(1),
    entries: z.array(z.object({ token: z.string(), type: z.enum(TOKEN_TYPES), value: z.string() }).strict()),
  })
  .strict();

/**
 * Reads a stored mapping back (after unsealing), refusing anything malformed: unknown fields, a
 * token that does not name its type, or a token or value listed twice.
 */
export function parseMapping(data: unknown): PseudonymMapping {
  const mapping = mappingSchema.parse(data);
  const tokens = new Set<string>();
  const values = new Set<string>();
  for (const entry of mapping.entries) {
    const match = new RegExp(`^${TOKEN_PATTERN.source}$`).exec(entry.token);
    if (match === null || match[1] !== entry.type) throw new Error('A mapping token does not match its type.');
    const key = `${entry.type}\u0000${entry.value}`;
    if (tokens.has(entry.token) || values.has(key)) throw new Error('A mapping lists a token or value twice.');
    tokens.add(entry.token);
    values.add(key);
  }
  return mapping;
}
