import { z } from 'zod';
import { ID_PREFIXES, isId, type IdKind } from '../common/index.js';
import { SealdeskError } from '../errors/index.js';

/** A path or body id of one kind; anything else is `invalid_id`, checked before any lookup. */
export const idOf = (kind: IdKind) =>
  z
    .string()
    .refine((value) => isId(kind, value), { message: `must be a ${ID_PREFIXES[kind]}_ id`, params: { sealdeskCode: 'invalid_id' } });

export const emailSchema = z.string().trim().pipe(z.email().max(320));
export const nameSchema = z.string().trim().min(1).max(200);
/** Why something is asked for (access, a legal hold): free text for people, stored after redaction. */
export const purposeSchema = z.string().trim().min(10).max(1000);
/** A reference to the ticket or incident, e.g. `INC-4711`: short, no spaces, no free text. */
export const ticketSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:#/-]{0,99}$/, 'a ticket reference such as INC-4711');
export const messageBodySchema = z.string().min(1).max(32_000);

export const errorResponseSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), requestId: z.string().optional() }),
});

/** Parses untrusted input, mapping zod's issues to `invalid_id` or `invalid_request`. */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue && issue.path.length > 0 ? `${where}.${issue.path.join('.')}` : where;
  const isIdIssue = result.error.issues.some(
    (candidate) => candidate.code === 'custom' && (candidate.params as { sealdeskCode?: string } | undefined)?.sealdeskCode === 'invalid_id',
  );
  const explanation = issue?.code === 'unrecognized_keys' ? `unknown field ${issue.keys.map((key) => `"${key}"`).join(', ')}` : issue?.message;
  throw new SealdeskError(isIdIssue ? 'invalid_id' : 'invalid_request', {
    userMessage: `Invalid ${path}: ${explanation ?? 'malformed'}.`,
  });
}
