import { z } from 'zod';
import type { Binding } from '../../crypto/index.js';

/** How a tenant's answers are produced. `offline`: the extractive answerer, no model at all. */
export const ANSWER_PROVIDERS = ['offline', 'openai-compatible', 'anthropic', 'local'] as const;
export type AnswerProviderKind = (typeof ANSWER_PROVIDERS)[number];

/** What happens when the model fails (after its retries): the offline answer, or a human. */
export const FAILURE_FALLBACKS = ['offline', 'human'] as const;
export type FailureFallback = (typeof FAILURE_FALLBACKS)[number];

/** A tenant's settings as the assistant uses them, the API key unsealed. */
export interface AssistantSettings {
  readonly provider: AnswerProviderKind;
  readonly baseUrl: string | null;
  readonly chatModel: string | null;
  /** Set: hybrid retrieval (BM25 fused with embeddings from the same OpenAI-compatible server). */
  readonly embeddingModel: string | null;
  readonly apiKey: string | null;
  readonly onFailure: FailureFallback;
  readonly timeoutMs: number;
}

/** What the API shows: the key only as whether one is set. */
export interface AssistantSettingsView extends Omit<AssistantSettings, 'apiKey'> {
  readonly apiKeySet: boolean;
  readonly updatedAt: string | null;
}

export const OFFLINE_SETTINGS: AssistantSettings = {
  provider: 'offline',
  baseUrl: null,
  chatModel: null,
  embeddingModel: null,
  apiKey: null,
  onFailure: 'offline',
  timeoutMs: 20_000,
};

const modelName = z.string().trim().min(1).max(200).regex(/^[\w.:/@+-]+$/, 'letters, digits and . : / @ + - _ only');

/** The body of `PUT …/assistant/settings`; `apiKey` omitted keeps the stored one, `null` removes it. */
export const assistantSettingsInput = z
  .object({
    provider: z.enum(ANSWER_PROVIDERS),
    baseUrl: z.string().max(2_000).nullable().optional(),
    chatModel: modelName.nullable().optional(),
    embeddingModel: modelName.nullable().optional(),
    apiKey: z.string().min(1).max(4_000).regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces').nullable().optional(),
    onFailure: z.enum(FAILURE_FALLBACKS).default('offline'),
    timeoutMs: z.number().int().min(1_000).max(120_000).default(20_000),
  })
  .strict();
export type AssistantSettingsInput = z.infer<typeof assistantSettingsInput>;

/** The sealed API key's place. */
export const providerApiKeyBinding = (tenant: string): Binding => ({ tenant, table: 'assistant_settings', column: 'api_key', row: tenant });
