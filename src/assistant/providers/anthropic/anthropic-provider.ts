import { z } from 'zod';
import { callWithRetries, type CallLimits } from '../call-with-retries.js';
import type { ChatProvider, ChatReply, ChatRequest, ModelText } from '../chat-provider.js';
import type { OutboundPolicy } from '../outbound/outbound-policy.js';
import { postJson } from '../outbound/post-json.js';

export interface AnthropicOptions {
  /** `https://api.anthropic.com` (or a gateway speaking the same protocol). */
  readonly baseUrl: URL;
  readonly model: string;
  readonly apiKey: string;
  readonly policy: OutboundPolicy;
  readonly limits: CallLimits;
}

/** The Messages API version this adapter speaks. */
export const ANTHROPIC_VERSION = '2023-06-01';

const messagesResponse = z.object({
  content: z.array(z.object({ type: z.string(), text: z.string().optional() })),
  stop_reason: z.string().nullable().optional(),
});

/** Anthropic's Messages API: `POST {base}/v1/messages`, system prompt apart, not streamed. */
export function anthropicChat(options: AnthropicOptions): ChatProvider {
  const name = `anthropic:${options.model}`;
  const url = new URL(`${options.baseUrl.href.replace(/\/+$/, '')}/v1/messages`);
  const headers = { 'x-api-key': options.apiKey, 'anthropic-version': ANTHROPIC_VERSION };
  return {
    name,
    complete(request: ChatRequest): Promise<ChatReply> {
      const body = {
        model: options.model,
        system: request.system,
        messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
        max_tokens: request.maxTokens,
        temperature: 0,
      };
      return callWithRetries(
        name,
        options.limits,
        request.signal,
        (signal) => postJson(url, headers, body, { policy: options.policy, signal }),
        (response) => {
          const parsed = messagesResponse.safeParse(response.body);
          if (!parsed.success) throw new Error('the reply is not a Messages API response');
          const text = parsed.data.content
            .filter((block) => block.type === 'text')
            .map((block) => block.text ?? '')
            .join('')
            .trim();
          return { text: text as ModelText, finishReason: parsed.data.stop_reason === 'max_tokens' ? 'length' : 'stop' };
        },
      );
    },
  };
}
