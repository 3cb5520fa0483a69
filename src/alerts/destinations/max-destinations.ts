/** A scope holds at most this many live webhooks, and as many e-mail recipients. */
export const MAX_DESTINATIONS_PER_CHANNEL = 20;
