/**
 * Where a conversation stands. `open`: a customer wrote and the assistant is to answer;
 * `answered_by_ai` / `answered_by_human`: the last word is the assistant's / a member's;
 * `waiting_for_human`: handed over (or taken over) and waiting for a member; `resolved`: done
 * until the customer writes again.
 */
export const CONVERSATION_STATUSES = ['open', 'answered_by_ai', 'waiting_for_human', 'answered_by_human', 'resolved'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

/** Who wrote a message, as far as the flow cares. */
export type MessageAuthor = 'customer' | 'member';

/**
 * The status after a message, and whether the message closed the conversation. A customer's
 * message goes to the assistant (`open`) unless a human is already on the conversation; a
 * confirmation after an answer ("thanks, that fixed it") resolves it instead. A member's message
 * is a human answer. Pure.
 */
export function statusAfterMessage(current: string, author: MessageAuthor, text: string): { status: ConversationStatus; resolvedByCustomer: boolean } {
  if (author === 'member') return { status: 'answered_by_human', resolvedByCustomer: false };
  if ((current === 'answered_by_ai' || current === 'answered_by_human') && isConfirmation(text)) return { status: 'resolved', resolvedByCustomer: true };
  const humanOnIt = current === 'waiting_for_human' || current === 'answered_by_human';
  return { status: humanOnIt ? 'waiting_for_human' : 'open', resolvedByCustomer: false };
}

/** Longest message still read as a bare confirmation; anything longer says more than "thanks". */
const MAX_CONFIRMATION_LENGTH = 80;

const CONFIRMATION = /\b(thanks?|thank you|thx|ty|cheers|perfect|great|solved|resolved|fixed|works?|worked|working|got it|all good|that'?s? (it|all)|sorted|brilliant|awesome|excellent|helpful|ok(ay)?)\b/;
const RESERVATION = /\b(not|no|don'?t|doesn'?t|didn'?t|isn'?t|wasn'?t|won'?t|can'?t|cannot|still|but|however|although|though|another|also|problem|issue|error|help me|wrong)\b|n't\b/;

/**
 * Whether a customer's message only confirms that their problem is solved: short, no question,
 * a confirmation phrase and nothing that takes it back ("thanks, but it still fails"). Deterministic
 * and conservative: when in doubt it is not a confirmation, and the assistant answers.
 */
export function isConfirmation(text: string): boolean {
  const normalised = text.normalize('NFKC').toLowerCase().replaceAll('\u2019', "'").trim();
  if (normalised.length === 0 || normalised.length > MAX_CONFIRMATION_LENGTH || normalised.includes('?')) return false;
  return CONFIRMATION.test(normalised) && !RESERVATION.test(normalised);
}
