import { basename } from 'node:path';
import { SealdeskError } from '../../errors/index.js';
import { createPiiDetector, type PiiDetector } from '../../privacy/index.js';
import type { AssistantSettings } from '../settings/assistant-settings.js';
import { anthropicChat } from './anthropic/anthropic-provider.js';
import { DEFAULT_CALL_LIMITS, type CallLimits } from './call-with-retries.js';
import type { ChatProvider, EmbeddingProvider } from './chat-provider.js';
import type { LocalModel } from './local-model/local-model.js';
import { localModelChat } from './local-model/local-model-provider.js';
import { openAiCompatibleChat, openAiCompatibleEmbeddings } from './openai-compatible/openai-compatible-provider.js';
import { checkProviderUrl, type OutboundPolicy } from './outbound/outbound-policy.js';

/** The installation-wide parts of generated answers, built once by `serve`. */
export interface AnswerRuntime {
  readonly policy: OutboundPolicy;
  /** The in-process model, when the operator configured one. */
  readonly localModel: LocalModel | undefined;
  readonly localModelFile: string | undefined;
  /** Retries and back-off; the per-attempt timeout is the tenant's. */
  readonly limits: Omit<CallLimits, 'timeoutMs'>;
  /** The PII detector, loaded on first use (its NER model takes a moment). */
  detector(): PiiDetector;
}

export interface AnswerRuntimeOptions {
  readonly policy?: OutboundPolicy;
  readonly localModel?: { readonly model: LocalModel; readonly modelPath: string } | undefined;
  readonly limits?: Omit<CallLimits, 'timeoutMs'>;
  readonly detector?: PiiDetector;
}

export function createAnswerRuntime(options: AnswerRuntimeOptions = {}): AnswerRuntime {
  let detector = options.detector;
  return {
    policy: options.policy ?? {},
    localModel: options.localModel?.model,
    localModelFile: options.localModel && basename(options.localModel.modelPath),
    limits: options.limits ?? DEFAULT_CALL_LIMITS,
    detector() {
      detector ??= createPiiDetector();
      return detector;
    },
  };
}

/** The tenant's chat model and embeddings model; none for the offline answerer. */
export function providersFor(
  settings: AssistantSettings,
  runtime: AnswerRuntime,
): { readonly chat: ChatProvider; readonly embeddings: EmbeddingProvider | undefined } | undefined {
  const limits = { ...runtime.limits, timeoutMs: settings.timeoutMs };
  switch (settings.provider) {
    case 'offline':
      return undefined;
    case 'local':
      if (runtime.localModel === undefined) throw new SealdeskError('provider_unavailable', { detail: 'local: this installation has no local model configured' });
      return { chat: localModelChat(runtime.localModel, runtime.localModelFile ?? 'model.gguf'), embeddings: undefined };
    case 'openai-compatible': {
      const common = { baseUrl: checkProviderUrl(required(settings.baseUrl)), apiKey: settings.apiKey ?? undefined, policy: runtime.policy, limits };
      return {
        chat: openAiCompatibleChat({ ...common, model: required(settings.chatModel) }),
        embeddings: settings.embeddingModel === null ? undefined : openAiCompatibleEmbeddings({ ...common, model: settings.embeddingModel }),
      };
    }
    case 'anthropic':
      return {
        chat: anthropicChat({ baseUrl: checkProviderUrl(required(settings.baseUrl)), model: required(settings.chatModel), apiKey: required(settings.apiKey), policy: runtime.policy, limits }),
        embeddings: undefined,
      };
  }
}

/** Settings are checked when saved; a gap here is a damaged row. */
function required(value: string | null): string {
  if (value === null) throw new Error('assistant settings row is incomplete');
  return value;
}
