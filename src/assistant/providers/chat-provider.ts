import type { PseudonymisedText } from '../../privacy/index.js';

/**
 * What a model may be shown: instructions and knowledge-base passages (the tenant's own
 * published text) in `system`, and the conversation only as pseudonymised text. The types make
 * it so: a raw customer message is a `string`, which `content` does not accept.
 */
export interface ChatRequest {
  readonly system: string;
  /** Oldest first; the last is the customer's message being answered. */
  readonly messages: readonly ChatMessage[];
  readonly maxTokens: number;
  readonly signal: AbortSignal;
}

declare const modelText: unique symbol;

/**
 * A model's reply, before tokens are restored: derived only from pseudonymised text and passages,
 * so it may be shown to a model again (the grounding check sends it back).
 */
export type ModelText = string & { readonly [modelText]: true };

export interface ChatMessage {
  readonly role: 'user' | 'assistant';
  readonly content: PseudonymisedText | ModelText;
}

export interface ChatReply {
  readonly text: ModelText;
  /** `length` when the model stopped at `maxTokens`. */
  readonly finishReason: 'stop' | 'length';
}

/** A chat model: an HTTP provider or the in-process local model. */
export interface ChatProvider {
  /** For traces and logs: `openai-compatible:llama3.1`, `anthropic:claude-…`, `local:model.gguf`. */
  readonly name: string;
  complete(request: ChatRequest): Promise<ChatReply>;
}

/** An embeddings model, for hybrid retrieval. Inputs are KB passages or pseudonymised questions. */
export interface EmbeddingProvider {
  readonly name: string;
  embed(texts: readonly string[], signal: AbortSignal): Promise<number[][]>;
}
