import type { Grant } from './grant.js';

/** Facts about a conversation that a grant's scope is matched against. */
export interface CoveredConversation {
  readonly id: string;
  readonly contactId: string;
}

/** Whether an access grant's scope includes the conversation. Pure; ignores status and time. */
export function grantCovers(grant: Grant, conversation: CoveredConversation): boolean {
  switch (grant.scope.kind) {
    case 'tenant':
      return true;
    case 'contact':
      return grant.scope.contactId === conversation.contactId;
    case 'conversations':
      return grant.scope.conversationIds.includes(conversation.id);
  }
}
