import type { Grant } from './grant.js';
import { transition } from './grant-transitions.js';

/** Marks an approved grant `active` at its first use; its deadline does not move. Pure. */
export function activateGrant(grant: Grant, now: Date): Grant {
  return transition(grant, 'active', { activatedAt: now.toISOString() });
}
