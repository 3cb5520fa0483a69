import type { TenantRole } from '../principal.js';
import type { Approval, ApproverSlot } from './grant.js';

/**
 * How many slots the approvals fill at best, each approval filling at most one slot its role
 * matches and each slot taking one approval: a maximum bipartite matching (augmenting paths;
 * slots and approvals are a handful, so this is instant).
 */
export function filledSlots(slots: readonly ApproverSlot[], approvals: readonly Pick<Approval, 'role'>[]): number {
  const slotOf = new Array<number>(approvals.length).fill(-1);
  let filled = 0;
  for (let slot = 0; slot < slots.length; slot++) {
    if (augment(slot, slots, approvals, slotOf, new Set())) filled++;
  }
  return filled;
}

/** Whether the approvals fill every slot. */
export function slotsFilled(slots: readonly ApproverSlot[], approvals: readonly Pick<Approval, 'role'>[]): boolean {
  return filledSlots(slots, approvals) === slots.length;
}

/** Whether one more approval by someone holding `role` would fill another slot. */
export function roleCanFill(slots: readonly ApproverSlot[], approvals: readonly Pick<Approval, 'role'>[], role: TenantRole): boolean {
  return filledSlots(slots, [...approvals, { role }]) > filledSlots(slots, approvals);
}

function augment(
  slot: number,
  slots: readonly ApproverSlot[],
  approvals: readonly Pick<Approval, 'role'>[],
  slotOf: number[],
  seen: Set<number>,
): boolean {
  for (let index = 0; index < approvals.length; index++) {
    const approval = approvals[index];
    if (approval === undefined || seen.has(index) || !slots[slot]?.includes(approval.role)) continue;
    seen.add(index);
    const current = slotOf[index] ?? -1;
    if (current === -1 || augment(current, slots, approvals, slotOf, seen)) {
      slotOf[index] = slot;
      return true;
    }
  }
  return false;
}
