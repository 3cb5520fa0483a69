import { SealdeskError } from '../../../errors/index.js';
import { availableParallelism } from 'node:os';
import type { ChatHistoryItem, Llama, LlamaContext, LlamaContextSequence, LlamaModel, NodeLlamaCppSlice } from './node-llama-cpp-slice.js';
import { readGgufHeader, type GgufHeaderCheck } from './read-gguf-header.js';

export interface LocalModelOptions {
  /** The operator's GGUF file (`SEALDESK_LOCAL_MODEL_PATH`). `Config.localModel` fits these options as is. */
  readonly modelPath: string;
  /** Context window in tokens, capped at the model's training context. Default 4096. */
  readonly contextSize?: number;
  /** CPU threads for inference. Default 2. */
  readonly threads?: number;
  /** Limit on one `generate` call, including waiting for the model to load or for an earlier call. Default 60 s. */
  readonly timeoutMs?: number;
  /** Upper bound on `maxTokens`. Default 1024. */
  readonly maxTokensLimit?: number;
  /** Sampling temperature, 0 (greedy, the default) to 1. */
  readonly temperature?: number;
  /** The module to import; tests name a missing one. Default `node-llama-cpp`. */
  readonly runtimeModule?: string;
}

export interface LocalModelMessage {
  readonly role: 'user' | 'assistant';
  readonly content: string;
}

export interface LocalModelRequest {
  /** The system prompt (instructions and, typically, the retrieved passages). */
  readonly system: string;
  /** The conversation so far, oldest first; the last message is the user's and is answered. */
  readonly messages: readonly LocalModelMessage[];
  readonly maxTokens: number;
  readonly signal?: AbortSignal;
}

export interface LocalModelResult {
  readonly text: string;
  /** `length` when generation stopped at `maxTokens`, else `stop`. */
  readonly finishReason: 'stop' | 'length';
}

type Settings = { readonly [K in keyof LocalModelOptions]-?: NonNullable<LocalModelOptions[K]> };

interface Loaded {
  readonly model: LlamaModel;
  readonly context: LlamaContext;
  readonly sequence: LlamaContextSequence;
  readonly runtime: NodeLlamaCppSlice;
}

const SEED = 0;

/**
 * An in-process model: llama.cpp through node-llama-cpp (an optional dependency, imported on
 * first use) running the operator's GGUF file on the CPU, so generated answers never leave the
 * machine. The model loads once, lazily (the runtime once per process); calls run one at a time
 * on one context sequence whose state is cleared before each call, so nothing of one
 * conversation is reused for another.
 * Failures are `provider_unavailable` with a reason for the operator's log; prompts and replies
 * never appear in errors or logs (llama.cpp's own log output is discarded).
 */
export class LocalModel {
  readonly #options: Settings;
  #loading: Promise<Loaded> | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(options: LocalModelOptions) {
    // `?? default` rather than a spread, so a config's explicit `undefined` keeps the default.
    this.#options = {
      modelPath: options.modelPath,
      contextSize: options.contextSize ?? 4096,
      threads: options.threads ?? 2,
      timeoutMs: options.timeoutMs ?? 60_000,
      maxTokensLimit: options.maxTokensLimit ?? 1024,
      temperature: options.temperature ?? 0,
      runtimeModule: options.runtimeModule ?? 'node-llama-cpp',
    };
  }

  /** Loads the runtime and the model now (otherwise the first `generate` does). */
  async load(): Promise<void> {
    await this.#load();
  }

  async generate(request: LocalModelRequest): Promise<LocalModelResult> {
    const { maxTokens, messages } = request;
    if (!Number.isInteger(maxTokens) || maxTokens < 1 || maxTokens > this.#options.maxTokensLimit) {
      throw new SealdeskError('invalid_request', { detail: `local model: maxTokens must be an integer from 1 to ${this.#options.maxTokensLimit}` });
    }
    const last = messages.at(-1);
    if (last === undefined || last.role !== 'user') {
      throw new SealdeskError('invalid_request', { detail: 'local model: the last message must be the user’s' });
    }
    if (this.#closed) throw unavailable('the local model has been closed');

    const timeout = AbortSignal.timeout(this.#options.timeoutMs);
    const signal = request.signal === undefined ? timeout : AbortSignal.any([request.signal, timeout]);
    const run = this.#queue.then(async () => {
      signal.throwIfAborted();
      const loaded = await untilAborted(this.#load(), signal);
      return this.#prompt(loaded, request.system, messages.slice(0, -1), last.content, maxTokens, signal);
    });
    this.#queue = run.catch(() => undefined);
    try {
      return await untilAborted(run, signal);
    } catch (error) {
      if (request.signal?.aborted === true) throw request.signal.reason;
      if (timeout.aborted) throw unavailable(`the local model did not answer within ${this.#options.timeoutMs} ms`);
      throw error;
    }
  }

  /** Waits for queued calls, then frees the model and its context (the runtime stays for the process). */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#queue;
    const loading = this.#loading;
    this.#loading = undefined;
    const loaded = await loading?.catch(() => undefined);
    await loaded?.context.dispose();
    await loaded?.model.dispose();
  }

  async #prompt(
    { runtime, sequence }: Loaded,
    system: string,
    history: readonly LocalModelMessage[],
    question: string,
    maxTokens: number,
    signal: AbortSignal,
  ): Promise<LocalModelResult> {
    await sequence.clearHistory();
    const session = new runtime.LlamaChatSession({ contextSequence: sequence, autoDisposeSequence: false });
    try {
      const items: ChatHistoryItem[] = [{ type: 'system', text: system }];
      for (const message of history) {
        items.push(message.role === 'user' ? { type: 'user', text: message.content } : { type: 'model', response: [message.content] });
      }
      session.setChatHistory(items);
      const { responseText, stopReason } = await session.promptWithMeta(question, {
        maxTokens,
        temperature: this.#options.temperature,
        seed: SEED,
        signal,
        trimWhitespaceSuffix: true,
      });
      signal.throwIfAborted();
      return { text: responseText.trim(), finishReason: stopReason === 'maxTokens' ? 'length' : 'stop' };
    } catch (error) {
      if (signal.aborted) throw error;
      // node-llama-cpp's messages are fixed strings (no prompt text); keep the cause out all the same.
      throw unavailable(`generation failed: ${error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 200) : 'unknown error'}`);
    } finally {
      session.dispose({ disposeSequence: false });
    }
  }

  #load(): Promise<Loaded> {
    if (this.#loading === undefined) {
      const loading = this.#loadOnce();
      this.#loading = loading;
      // A failed load is retried on the next call, so an operator can fix the file without a restart.
      loading.catch(() => {
        if (this.#loading === loading) this.#loading = undefined;
      });
    }
    return this.#loading;
  }

  async #loadOnce(): Promise<Loaded> {
    const { modelPath, runtimeModule, threads, contextSize } = this.#options;
    const header = await readGgufHeader(modelPath);
    if (!header.ok) throw unavailable(`the local model file ${JSON.stringify(modelPath)} ${HEADER_PROBLEMS[header.reason]}`);

    const { runtime, llama } = await sharedRuntime(runtimeModule);
    let model: LlamaModel | undefined;
    try {
      model = await llama.loadModel({ modelPath, gpuLayers: 0 });
      const context = await model.createContext({ contextSize: Math.min(contextSize, model.trainContextSize), sequences: 1, threads });
      return { runtime, model, context, sequence: context.getSequence() };
    } catch (cause) {
      await model?.dispose().catch(() => undefined);
      throw unavailable(`llama.cpp could not load the local model file ${JSON.stringify(modelPath)} (damaged, truncated or an unsupported architecture)`, cause);
    }
  }
}

const HEADER_PROBLEMS: Record<Exclude<GgufHeaderCheck, { ok: true }>['reason'], string> = {
  not_found: 'does not exist',
  not_a_file: 'is not a regular file',
  unreadable: 'cannot be read',
  not_gguf: 'is not a GGUF file',
  unsupported_version: 'has a GGUF version other than 2 or 3',
};

const runtimes = new Map<string, Promise<{ runtime: NodeLlamaCppSlice; llama: Llama }>>();

/**
 * One llama.cpp runtime per process, shared by every `LocalModel` and never disposed: a second
 * `getLlama` in the same process loses the log handler (llama.cpp then writes to stderr).
 */
function sharedRuntime(specifier: string): Promise<{ runtime: NodeLlamaCppSlice; llama: Llama }> {
  let shared = runtimes.get(specifier);
  if (shared === undefined) {
    shared = startRuntime(specifier);
    runtimes.set(specifier, shared);
    shared.catch(() => runtimes.delete(specifier));
  }
  return shared;
}

async function startRuntime(specifier: string): Promise<{ runtime: NodeLlamaCppSlice; llama: Llama }> {
  const runtime = await importRuntime(specifier);
  try {
    const llama = await runtime.getLlama({
      build: 'never',
      skipDownload: true,
      gpu: false,
      progressLogs: false,
      logLevel: 'error',
      logger: () => undefined,
      maxThreads: availableParallelism(),
    });
    return { runtime, llama };
  } catch (cause) {
    throw unavailable('node-llama-cpp has no working prebuilt binary for this platform', cause);
  }
}

async function importRuntime(specifier: string): Promise<NodeLlamaCppSlice> {
  try {
    return (await import(specifier)) as NodeLlamaCppSlice;
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
    throw unavailable(missing ? `${specifier} is not installed (npm i -E node-llama-cpp@3.21.1)` : `${specifier} failed to load`, cause);
  }
}

function unavailable(detail: string, cause?: unknown): SealdeskError {
  return new SealdeskError('provider_unavailable', { detail, cause });
}

/** Settles with `promise`, or rejects when `signal` aborts first (the work itself carries on). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
