import type { LegalHold } from './legal-hold.js';
import type { RetentionPolicy } from './retention-policy.js';

const DAY_MS = 86_400_000;

/** What retention decides on: ids, statuses and times of one tenant's data, never content. */
export interface RetentionFacts {
  readonly conversations: readonly { readonly id: string; readonly contactId: string; readonly status: string; readonly updatedAt: string; readonly messageCount: number }[];
  readonly contacts: readonly { readonly id: string; readonly createdAt: string }[];
  readonly kbArticles: readonly { readonly id: string; readonly updatedAt: string }[];
  /** The holds in force (released ones are ignored if passed). */
  readonly holds: readonly LegalHold[];
}

/** Why a conversation is due: resolved and untouched for `conversationDays`, or its contact inactive for `contactDays`. */
export type ConversationPurgeReason = 'resolved-expired' | 'contact-inactive';

export interface PlannedConversation {
  readonly id: string;
  readonly contactId: string;
  readonly reason: ConversationPurgeReason;
  /** With `messageCount`, the version planned on: the purge deletes it only if neither has changed since. */
  readonly updatedAt: string;
  readonly messageCount: number;
}

/** Something due for deletion that a hold keeps, and the holds that keep it. */
export interface HeldBack {
  readonly kind: 'conversation' | 'contact' | 'kb-article';
  readonly id: string;
  readonly holdIds: readonly string[];
}

/** What a purge of one tenant would delete at `now`, and why; and what holds keep. */
export interface PurgePlan {
  readonly tenantId: string;
  readonly now: string;
  readonly policy: RetentionPolicy;
  /** Resolved conversations last changed before this are due. */
  readonly conversationsBefore: string;
  /** Contacts with no activity since this are due, with all their conversations. */
  readonly contactsInactiveSince: string;
  /** Articles last updated before this are due; null when articles are kept. */
  readonly kbArticlesBefore: string | null;
  readonly conversations: readonly PlannedConversation[];
  readonly contacts: readonly { readonly id: string }[];
  readonly kbArticles: readonly { readonly id: string; readonly updatedAt: string }[];
  readonly heldBack: readonly HeldBack[];
}

/**
 * Decides what retention deletes for one tenant at `now`. Pure. A conversation is due when it is
 * `resolved` and last changed before the conversation cut-off; a contact is due when neither it
 * nor any of its conversations changed since the contact cut-off, and takes all its
 * conversations with it. A hold in force on the tenant keeps everything; on a contact, the
 * contact and all its conversations; on a conversation, that conversation — and its contact,
 * which cannot be deleted while a conversation remains. Whatever is due but kept is listed in
 * `heldBack` with the holds that keep it. Times compare as ISO 8601 UTC strings.
 */
export function planPurge(tenantId: string, policy: RetentionPolicy, facts: RetentionFacts, now: Date): PurgePlan {
  const cutoff = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
  const conversationsBefore = cutoff(policy.conversationDays);
  const contactsInactiveSince = cutoff(policy.contactDays);
  const kbArticlesBefore = policy.kbDays === null ? null : cutoff(policy.kbDays);

  const holds = facts.holds.filter((hold) => hold.releasedAt === null && hold.tenantId === tenantId);
  const tenantHolds = holds.filter((hold) => hold.target === 'tenant').map((hold) => hold.id);
  const holdsOn = (target: 'contact' | 'conversation', id: string) => [
    ...tenantHolds,
    ...holds.filter((hold) => hold.target === target && hold.targetId === id).map((hold) => hold.id),
  ];

  const lastActivity = new Map(facts.contacts.map((contact) => [contact.id, contact.createdAt]));
  for (const conversation of facts.conversations) {
    const seen = lastActivity.get(conversation.contactId);
    if (seen === undefined || conversation.updatedAt > seen) lastActivity.set(conversation.contactId, conversation.updatedAt);
  }
  const inactive = (contactId: string) => (lastActivity.get(contactId) ?? '') < contactsInactiveSince;

  const conversations: PlannedConversation[] = [];
  const heldBack: HeldBack[] = [];
  const keptContacts = new Map<string, string[]>();
  for (const conversation of facts.conversations) {
    const reason: ConversationPurgeReason | undefined = inactive(conversation.contactId)
      ? 'contact-inactive'
      : conversation.status === 'resolved' && conversation.updatedAt < conversationsBefore
        ? 'resolved-expired'
        : undefined;
    const contactHolds = holdsOn('contact', conversation.contactId);
    const conversationHolds = [...new Set([...contactHolds, ...holdsOn('conversation', conversation.id)])];
    if (reason !== undefined && conversationHolds.length > 0) {
      heldBack.push({ kind: 'conversation', id: conversation.id, holdIds: conversationHolds });
    } else if (reason !== undefined) {
      conversations.push({ id: conversation.id, contactId: conversation.contactId, reason, updatedAt: conversation.updatedAt, messageCount: conversation.messageCount });
      continue;
    }
    // A conversation that stays (not due, or held) keeps its contact.
    keptContacts.set(conversation.contactId, [...(keptContacts.get(conversation.contactId) ?? []), ...conversationHolds]);
  }

  const contacts: { id: string }[] = [];
  for (const contact of facts.contacts) {
    if (!inactive(contact.id)) continue;
    const holdIds = [...new Set([...holdsOn('contact', contact.id), ...(keptContacts.get(contact.id) ?? [])])];
    if (holdIds.length > 0) heldBack.push({ kind: 'contact', id: contact.id, holdIds });
    else contacts.push({ id: contact.id });
  }

  const kbArticles: { id: string; updatedAt: string }[] = [];
  for (const article of facts.kbArticles) {
    if (kbArticlesBefore === null || article.updatedAt >= kbArticlesBefore) continue;
    if (tenantHolds.length > 0) heldBack.push({ kind: 'kb-article', id: article.id, holdIds: tenantHolds });
    else kbArticles.push({ id: article.id, updatedAt: article.updatedAt });
  }

  return { tenantId, now: now.toISOString(), policy, conversationsBefore, contactsInactiveSince, kbArticlesBefore, conversations, contacts, kbArticles, heldBack };
}
