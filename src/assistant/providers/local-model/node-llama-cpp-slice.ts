/**
 * The subset of node-llama-cpp (3.x) that `LocalModel` calls, declared here so Sealdesk compiles
 * and runs without the package: it is an optional dependency, imported only when a local model
 * is configured and first used.
 */
export interface NodeLlamaCppSlice {
  getLlama(options: {
    /** `'never'`: use the prebuilt binary shipped as `@node-llama-cpp/<platform>`; never build or download. */
    build: 'never';
    skipDownload: true;
    gpu: false;
    progressLogs: false;
    logLevel: 'error';
    logger: (level: string, message: string) => void;
    maxThreads: number;
  }): Promise<Llama>;
  LlamaChatSession: new (options: {
    contextSequence: LlamaContextSequence;
    systemPrompt?: string;
    autoDisposeSequence: false;
  }) => LlamaChatSession;
}

export interface Llama {
  loadModel(options: { modelPath: string; gpuLayers: 0 }): Promise<LlamaModel>;
}

export interface LlamaModel {
  readonly trainContextSize: number;
  createContext(options: { contextSize: number; sequences: 1; threads: number }): Promise<LlamaContext>;
  dispose(): Promise<void>;
}

export interface LlamaContext {
  getSequence(): LlamaContextSequence;
  dispose(): Promise<void>;
}

export interface LlamaContextSequence {
  clearHistory(): Promise<void>;
}

export type ChatHistoryItem =
  | { type: 'system'; text: string }
  | { type: 'user'; text: string }
  | { type: 'model'; response: string[] };

export interface LlamaChatSession {
  setChatHistory(history: ChatHistoryItem[]): void;
  promptWithMeta(
    prompt: string,
    options: {
      maxTokens: number;
      temperature: number;
      seed: number;
      signal: AbortSignal;
      trimWhitespaceSuffix: true;
    },
  ): Promise<{ responseText: string; stopReason: string }>;
  dispose(options: { disposeSequence: false }): void;
}
