import type { ConversationFacts } from '../access/index.js';
import type { ConversationRow } from '../store/index.js';

/** What access decisions may know about a conversation: ids, where it waits and its status. */
export function conversationFacts(row: ConversationRow): ConversationFacts {
  return { id: row.id, contactId: row.contact_id, assigneeId: row.assignee_id, teamId: row.team_id, status: row.status };
}
