import { SealdeskError } from '../../errors/index.js';
import type { Grant, GrantStatus } from './grant.js';

/** Every allowed status change; anything else is refused with `grant_state_conflict`. */
export const GRANT_TRANSITIONS: Readonly<Record<GrantStatus, readonly GrantStatus[]>> = {
  pending: ['approved', 'denied', 'expired', 'revoked'],
  approved: ['active', 'expired', 'revoked'],
  active: ['expired', 'revoked'],
  denied: [],
  expired: [],
  revoked: [],
};

export function canTransition(from: GrantStatus, to: GrantStatus): boolean {
  return GRANT_TRANSITIONS[from].includes(to);
}

/** `grant` moved to `to` with `changes`; throws `grant_state_conflict` if the table forbids it. */
export function transition(grant: Grant, to: GrantStatus, changes: Partial<Grant> = {}): Grant {
  if (!canTransition(grant.status, to)) {
    throw new SealdeskError('grant_state_conflict', { detail: `grant ${grant.id} cannot go from ${grant.status} to ${to}` });
  }
  return { ...grant, ...changes, status: to };
}
