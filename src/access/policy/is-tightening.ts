import { isDeepStrictEqual } from 'node:util';
import type { AccessPolicy } from './access-policy.js';

/**
 * Whether `proposed` is provably no looser than `current`: operator access no more open, every
 * limit no longer, break-glass no more allowed, and the rules and dual-control approvers
 * unchanged, and the key layer refusing at least what it refused. Anything else counts as loosening and needs dual control. Pure.
 */
export function isTightening(current: AccessPolicy, proposed: AccessPolicy): boolean {
  return (
    (proposed.operatorAccess === 'forbidden' || current.operatorAccess === 'lockbox') &&
    proposed.maxGrantMinutes <= current.maxGrantMinutes &&
    proposed.pendingLapseMinutes <= current.pendingLapseMinutes &&
    (!proposed.breakGlass.allowed || current.breakGlass.allowed) &&
    proposed.breakGlass.maxMinutes <= current.breakGlass.maxMinutes &&
    proposed.breakGlass.reviewWithinHours <= current.breakGlass.reviewWithinHours &&
    isDeepStrictEqual(proposed.rules, current.rules) &&
    isDeepStrictEqual(proposed.dualControl, current.dualControl) &&
    current.keyLayer.refuse.every((refused) => proposed.keyLayer.refuse.includes(refused))
  );
}
