import { z } from 'zod';

/**
 * Everything a customer needs to check a log offline, as the server sent it: the new checkpoint,
 * a consistency proof from an older size, inclusion proofs of chosen entries, and optionally
 * every entry (its exact bytes, or its leaf hash once pruned). Hashes and bytes are base64.
 */
export const logBundleSchema = z
  .object({
    format: z.literal('sealdesk-audit-bundle/v1'),
    checkpoint: z.string(),
    consistency: z.object({ from: z.number().int(), to: z.number().int(), proof: z.array(z.string()) }).strict().optional(),
    entries: z
      .array(z.object({ index: z.number().int(), leafBytes: z.string(), inclusionProof: z.array(z.string()) }).strict())
      .optional(),
    fullLog: z.array(z.union([z.object({ leafBytes: z.string() }).strict(), z.object({ leafHash: z.string() }).strict()])).optional(),
  })
  .strict();

export type LogBundle = z.infer<typeof logBundleSchema>;
