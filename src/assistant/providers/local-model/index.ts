export { LocalModel } from './local-model.js';
export type { LocalModelMessage, LocalModelOptions, LocalModelRequest, LocalModelResult } from './local-model.js';
export { readGgufHeader, type GgufHeaderCheck } from './read-gguf-header.js';
export { localModelChat } from './local-model-provider.js';
