/** Where a conversation waits: the member it is assigned to and the team queue it is in. */
export interface QueuePlacement {
  readonly assigneeId: string | null;
  readonly teamId: string | null;
}

/**
 * Whether a conversation is in a member's queue: assigned to them, in the queue of a team they
 * belong to, or unassigned and in no team's queue (the tenant's open queue). Pure.
 */
export function inQueue(conversation: QueuePlacement, memberId: string, teamIds: readonly string[]): boolean {
  if (conversation.assigneeId === memberId) return true;
  if (conversation.teamId !== null) return teamIds.includes(conversation.teamId);
  return conversation.assigneeId === null;
}

/** Whether a conversation is one a member works: assigned to them or to one of their teams. */
export function worksOn(conversation: QueuePlacement, memberId: string, teamIds: readonly string[]): boolean {
  return conversation.assigneeId === memberId || (conversation.teamId !== null && teamIds.includes(conversation.teamId));
}
