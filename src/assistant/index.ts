/**
 * The assistant: the tenant's knowledge base (sealed articles, chunked along headings), a
 * per-tenant in-memory BM25 index, and the offline grounded answerer with its handoff rules.
 */
export { KB_FORMATS, kbArticleBinding, type KbArticle, type KbFormat } from './kb/kb-article.js';
export type { Passage } from './kb/passage.js';
export { chunkArticle } from './kb/chunk-article.js';
export { canManageKb, type KbDecision, type KbOperation } from './kb/can-manage-kb.js';
export type { KbDeps } from './kb/kb-deps.js';
export { createKbArticle, updateKbArticleContent, type KbArticleInput } from './kb/save-kb-article.js';
export { removeKbArticle } from './kb/delete-kb-article.js';
export { listKbArticles, type KbArticleSummary } from './kb/list-kb-articles.js';
export { ingestDirectory, type IngestReport } from './kb/ingest-directory.js';
export { KbIndexes } from './retrieval/kb-indexes.js';
export { TenantIndex } from './retrieval/tenant-index.js';
export type { SearchHit } from './retrieval/search-hit.js';
export { answerQuestion, DEFAULT_HANDOFF_THRESHOLD } from './answer/answer-question.js';
export { answerTenantQuestion } from './answer/answer-tenant-question.js';
export { answerCustomerMessage, answerFromTenantKb, type AssistantDeps, type ConversationTurn, type CustomerAnswer, type CustomerMessage } from './answer/answer-customer-message.js';
export { checkSafety, type SafetyFinding } from './answer/safety-rules.js';
export {
  HANDOFF_MESSAGE,
  REFUSAL_MESSAGE,
  type AssistantAnswer,
  type AnswerTrace,
  type AnswerDecision,
  type Citation,
  type HandoffReason,
} from './answer/assistant-answer.js';
export { parseEvalQuestions, EVAL_KINDS, type EvalQuestion } from './eval/eval-question.js';
export { answerLine, type EvalResult } from './eval/eval-result.js';
export { scoreEval, type EvalReport } from './eval/score-eval.js';
export { runEval } from './eval/run-eval.js';
export { createScratchInstallation, type ScratchInstallation } from './eval/scratch-installation.js';
export {
  ANSWER_PROVIDERS,
  FAILURE_FALLBACKS,
  OFFLINE_SETTINGS,
  providerApiKeyBinding,
  assistantSettingsInput,
  type AnswerProviderKind,
  type AssistantSettings,
  type AssistantSettingsInput,
  type AssistantSettingsView,
  type FailureFallback,
} from './settings/assistant-settings.js';
export { loadAssistantSettings, readAssistantSettings, updateAssistantSettings } from './settings/manage-assistant-settings.js';
export { createAnswerRuntime, type AnswerRuntime, type AnswerRuntimeOptions } from './providers/answer-runtime.js';
export type { ChatProvider, ChatRequest, ChatReply, ChatMessage, EmbeddingProvider, ModelText } from './providers/chat-provider.js';
export { checkProviderUrl, type OutboundPolicy } from './providers/outbound/outbound-policy.js';
export { DEFAULT_CALL_LIMITS, type CallLimits } from './providers/call-with-retries.js';
export { LocalModel, type LocalModelOptions } from './providers/local-model/index.js';
export {
  openConversation,
  postMessage,
  respondToCustomer,
  type AssistantReplyView,
  type ConversationFlowDeps,
  type FlowResult,
} from './flow/conversation-flow.js';
