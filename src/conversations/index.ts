export type { VaultDeps } from './vault-deps.js';
export type { ConversationMetadata, ConversationView, ConversationContent, MessageView, ViewAccess } from './conversation-views.js';
export { createConversation, type NewConversation } from './create-conversation.js';
export { addMessage } from './add-message.js';
export { listConversations, MAX_PAGE_SIZE } from './list-conversations.js';
export { readConversation } from './read-conversation.js';
export { assignConversation, type Assignment } from './assign-conversation.js';
export { startWidgetSession, type WidgetSession } from './start-widget-session.js';
export { exportConversations, type ConversationExport } from './export-conversations.js';
