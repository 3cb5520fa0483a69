export { createConversationPseudonymiser, type ConversationPseudonymiser } from './conversation-pseudonymiser.js';
export { emptyMapping, parseMapping, type PseudonymEntry, type PseudonymMapping } from './pseudonym-mapping.js';
export { TOKEN_PATTERN, formatToken, type TokenType } from './pseudonym-token.js';
export { pseudonymise, type PseudonymFinding, type Pseudonymisation, type PseudonymisedText } from './pseudonymise.js';
export { maskCard, restore, type RestoreOptions } from './restore.js';
