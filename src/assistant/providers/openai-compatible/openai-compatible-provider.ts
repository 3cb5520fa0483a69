import { z } from 'zod';
import { callWithRetries, type CallLimits } from '../call-with-retries.js';
import type { ChatProvider, ChatReply, ChatRequest, ModelText, EmbeddingProvider } from '../chat-provider.js';
import type { OutboundPolicy } from '../outbound/outbound-policy.js';
import { postJson } from '../outbound/post-json.js';

export interface OpenAiCompatibleOptions {
  /** Up to the version prefix: `https://api.openai.com/v1`, `http://127.0.0.1:11434/v1` (Ollama). */
  readonly baseUrl: URL;
  readonly model: string;
  /** Sent as `Authorization: Bearer …`; local servers often need none. */
  readonly apiKey: string | undefined;
  readonly policy: OutboundPolicy;
  readonly limits: CallLimits;
}

const chatResponse = z.object({
  choices: z
    .array(z.object({ message: z.object({ content: z.string().nullable() }), finish_reason: z.string().nullable().optional() }))
    .min(1),
});

const embeddingsResponse = z.object({
  data: z.array(z.object({ index: z.number().int().min(0), embedding: z.array(z.number()) })),
});

/**
 * The OpenAI chat-completions wire protocol, which OpenAI, Ollama, vLLM and llama.cpp's server all
 * speak: `POST {base}/chat/completions`, not streamed, temperature 0.
 */
export function openAiCompatibleChat(options: OpenAiCompatibleOptions): ChatProvider {
  const name = `openai-compatible:${options.model}`;
  return {
    name,
    complete(request: ChatRequest): Promise<ChatReply> {
      const body = {
        model: options.model,
        messages: [{ role: 'system', content: request.system }, ...request.messages.map((m) => ({ role: m.role, content: m.content }))],
        max_tokens: request.maxTokens,
        temperature: 0,
        stream: false,
      };
      return callWithRetries(
        name,
        options.limits,
        request.signal,
        (signal) => postJson(endpoint(options.baseUrl, 'chat/completions'), authorization(options.apiKey), body, { policy: options.policy, signal }),
        (response) => {
          const parsed = chatResponse.safeParse(response.body);
          if (!parsed.success) throw new Error('the reply is not a chat completion');
          const [choice] = parsed.data.choices;
          return { text: (choice?.message.content ?? '').trim() as ModelText, finishReason: choice?.finish_reason === 'length' ? 'length' : 'stop' };
        },
      );
    },
  };
}

/** `POST {base}/embeddings` with a batch of inputs; vectors come back in input order. */
export function openAiCompatibleEmbeddings(options: OpenAiCompatibleOptions): EmbeddingProvider {
  const name = `openai-compatible:${options.model}`;
  return {
    name,
    embed(texts, outer) {
      return callWithRetries(
        name,
        options.limits,
        outer,
        (signal) => postJson(endpoint(options.baseUrl, 'embeddings'), authorization(options.apiKey), { model: options.model, input: texts }, { policy: options.policy, signal }),
        (response) => {
          const parsed = embeddingsResponse.safeParse(response.body);
          if (!parsed.success || parsed.data.data.length !== texts.length) throw new Error('the reply is not one embedding per input');
          const vectors = new Array<number[]>(texts.length);
          for (const item of parsed.data.data) vectors[item.index] = item.embedding;
          if (vectors.some((v) => v === undefined) || new Set(vectors.map((v) => v.length)).size !== 1) throw new Error('the embeddings are incomplete or of mixed sizes');
          return vectors;
        },
      );
    },
  };
}

function endpoint(base: URL, path: string): URL {
  return new URL(`${base.href.replace(/\/+$/, '')}/${path}`);
}

function authorization(apiKey: string | undefined): Record<string, string> {
  return apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` };
}
