import { z } from 'zod';
import { SealdeskError } from '../../errors/index.js';

/** What a question is for: answered from the KB, or one that must be handed over. */
export const EVAL_KINDS = ['answerable', 'unanswerable', 'adversarial', 'sensitive'] as const;

/** One line of a questions file. `gold_article` is the file name of the article that answers it. */
export const evalQuestionSchema = z
  .object({
    id: z.string().min(1).max(100),
    question: z.string().min(1).max(4_000),
    gold_article: z.string().min(1).nullable(),
    gold_facts: z.array(z.string().min(1)),
    kind: z.enum(EVAL_KINDS),
  })
  .strict();

export type EvalQuestion = z.infer<typeof evalQuestionSchema>;

/** Parses a JSON Lines questions file; a bad line is `invalid_request` naming its line number. */
export function parseEvalQuestions(text: string): EvalQuestion[] {
  return text.split('\n').flatMap((line, index) => {
    if (line.trim() === '') return [];
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new SealdeskError('invalid_request', { userMessage: `Questions line ${index + 1} is not valid JSON.` });
    }
    const parsed = evalQuestionSchema.safeParse(value);
    if (!parsed.success) throw new SealdeskError('invalid_request', { userMessage: `Questions line ${index + 1} does not match the question shape.` });
    return [parsed.data];
  });
}
