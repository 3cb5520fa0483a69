import type { ChatProvider, ChatReply, ChatRequest, ModelText } from '../chat-provider.js';
import type { LocalModel } from './local-model.js';

/** The in-process model as a chat provider; nothing leaves the machine. */
export function localModelChat(model: LocalModel, fileName: string): ChatProvider {
  return {
    name: `local:${fileName}`,
    async complete(request: ChatRequest): Promise<ChatReply> {
      const reply = await model.generate({ system: request.system, messages: request.messages, maxTokens: request.maxTokens, signal: request.signal });
      return { text: reply.text as ModelText, finishReason: reply.finishReason };
    },
  };
}
