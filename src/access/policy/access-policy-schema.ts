import { z } from 'zod';
import { TENANT_ROLES } from '../principal.js';
import { HARD_MAX_BREAK_GLASS_MINUTES, HARD_MAX_GRANT_MINUTES, KEY_REFUSAL_CLASSES, type AccessPolicy } from './access-policy.js';

const slot = z.array(z.enum(TENANT_ROLES)).min(1).max(TENANT_ROLES.length);
const minutes = (max: number) => z.int().min(1).max(max);

const ruleSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/),
  requester: z.enum(['member', 'operator']),
  roles: z.array(z.string().regex(/^[a-z-]{1,32}$/)).min(1).optional(),
  views: z.array(z.enum(['redacted', 'full'])).min(1).optional(),
  scopes: z.array(z.enum(['conversations', 'contact', 'tenant'])).min(1).optional(),
  onlyInRequesterQueue: z.boolean().optional(),
  maxMinutes: minutes(HARD_MAX_GRANT_MINUTES).optional(),
  approvers: z.array(slot).max(5),
});

/**
 * Parses an access policy (from the API or the database). Enforces the hard limits: grants of at
 * most 14 days, break-glass of at most 4 hours, lapses of at most a day, dual control with at
 * least two approvals, and rule names that are unique. A policy stored before the key layer had
 * one refuses nothing there.
 */
export const accessPolicySchema: z.ZodType<AccessPolicy> = z.strictObject({
  operatorAccess: z.enum(['lockbox', 'forbidden']),
  maxGrantMinutes: minutes(HARD_MAX_GRANT_MINUTES),
  pendingLapseMinutes: minutes(24 * 60),
  rules: z
    .array(ruleSchema)
    .max(50)
    .refine((rules) => new Set(rules.map((rule) => rule.name)).size === rules.length, 'rule names must be unique'),
  breakGlass: z.strictObject({
    allowed: z.boolean(),
    maxMinutes: minutes(HARD_MAX_BREAK_GLASS_MINUTES),
    reviewWithinHours: z.int().min(1).max(24 * 30),
  }),
  dualControl: z.strictObject({ approvers: z.array(slot).min(2).max(5) }),
  keyLayer: z
    .strictObject({ refuse: z.array(z.enum(KEY_REFUSAL_CLASSES)).max(KEY_REFUSAL_CLASSES.length).refine((all) => new Set(all).size === all.length, 'each class once') })
    .default({ refuse: [] }),
});
