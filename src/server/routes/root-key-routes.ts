import { z } from 'zod';
import { ROTATION_DAYS } from '../../key-rotation/index.js';
import {
  getRootKeyPolicy,
  readRootKeyRotation,
  readRootKeyStatus,
  setRootKeyPolicy,
  startRootKeyRotation,
  type RootKeyDeps,
} from '../../installation/index.js';
import { defineRoute, type RouteDefinition } from '../route.js';
import { rotationPolicyBody } from './key-rotation-routes.js';
import { idOf, ticketSchema } from '../schemas.js';
import { requirePrincipal } from './require-principal.js';

export interface RootKeyRouteDeps extends RootKeyDeps {
  /** Told when a root key rotation is asked for: `serve` wakes its root key job, so it begins at once. */
  readonly rotationRequested?: (() => void) | undefined;
}

const rotationSchema = z.object({
  id: z.string(),
  status: z.enum(['running', 'failed', 'completed']),
  phase: z.enum(['version', 'rewrap', 'completed']),
  rootKey: z.string().nullable(),
  previous: z.string().nullable(),
  progress: z.object({ pass: z.number(), scanned: z.number(), rewrapped: z.number(), customerManaged: z.number() }),
  requestedBy: z.string(),
  startedAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().nullable(),
  error: z.string().nullable(),
});
const policySchema = z.object({
  rotationDays: z.number().nullable(),
  changedAt: z.string().nullable(),
  changedBy: z.string().nullable(),
  newestVersionAt: z.string(),
  nextRotationAt: z.string().nullable(),
});
const statusSchema = z.object({
  rootKey: z.string(),
  provider: z.enum(['file', 'pkcs11']),
  versions: z.array(z.object({ keyId: z.string(), provider: z.enum(['file', 'pkcs11']), createdAt: z.string(), retiredAt: z.string().nullable(), wraps: z.number() })),
  customerManaged: z.number(),
  policy: policySchema,
  rotations: z.array(rotationSchema),
});
const startBody = z
  .object({
    ticket: ticketSchema,
    keyLabel: z.string().min(1).max(128).refine((label) => label.trim() !== '', 'must not be blank').optional(),
  })
  .strict();
const ROOT = '/v1/operator/key/root';

/**
 * The installation's root key (`/v1/operator/key/root`): its versions and what each wraps, a
 * rotation asked for and followed, and its rotation period. The operator's security staff rotate
 * it and set the period; they and the operator's owner read it. `serve`'s root key job does the work.
 */
export function rootKeyRoutes(deps: RootKeyRouteDeps): RouteDefinition[] {
  return [
    defineRoute({
      method: 'GET',
      url: ROOT,
      summary: "The root key's versions (oldest first, with the tenant key versions each wraps), its rotation policy and latest ten rotations (key.status on the installation's keys).",
      tag: 'operator',
      auth: 'bearer',
      response: { status: 200, schema: statusSchema },
      handler: async ({ principal, context }) => ({ status: 200, body: await readRootKeyStatus(deps, requirePrincipal(principal), context) }),
    }),
    defineRoute({
      method: 'POST',
      url: `${ROOT}/rotations`,
      summary:
        "Rotate the root key (key.rotate on the installation's keys, with a ticket): serve's root key job makes a new version with the installation's provider, then re-wraps every tenant key version under it while traffic goes on. Answers 202 with the rotation; an unfinished one is given back (resumed).",
      tag: 'operator',
      auth: 'bearer',
      body: startBody,
      response: { status: 202, schema: z.object({ rotation: rotationSchema, resumed: z.boolean() }) },
      handler: async ({ principal, body, context }) => {
        const started = await startRootKeyRotation(deps, requirePrincipal(principal), context, body);
        deps.rotationRequested?.();
        return { status: 202, body: started, headers: { location: `${ROOT}/rotations/${started.rotation.id}` } };
      },
    }),
    defineRoute({
      method: 'GET',
      url: `${ROOT}/rotations/:rotationId`,
      summary: 'One root key rotation and its progress (key.status on the installation\'s keys).',
      tag: 'operator',
      auth: 'bearer',
      params: z.object({ rotationId: idOf('rootKeyRotation') }).strict(),
      response: { status: 200, schema: rotationSchema },
      handler: async ({ principal, params, context }) => ({ status: 200, body: await readRootKeyRotation(deps, requirePrincipal(principal), context, params.rotationId) }),
    }),
    defineRoute({
      method: 'GET',
      url: `${ROOT}/rotation-policy`,
      summary: "The root key's rotation period (null: no rotation by policy, the default), when its newest version was made and when serve next rotates it.",
      tag: 'operator',
      auth: 'bearer',
      response: { status: 200, schema: policySchema },
      handler: async ({ principal, context }) => ({ status: 200, body: await getRootKeyPolicy(deps, requirePrincipal(principal), context) }),
    }),
    defineRoute({
      method: 'PUT',
      url: `${ROOT}/rotation-policy`,
      summary: `Set the root key's rotation period: ${ROTATION_DAYS.min}–${ROTATION_DAYS.max} days, or null for off (the operator's security staff; audited with the ticket).`,
      tag: 'operator',
      auth: 'bearer',
      body: rotationPolicyBody,
      response: { status: 200, schema: policySchema },
      handler: async ({ principal, body, context }) => ({ status: 200, body: await setRootKeyPolicy(deps, requirePrincipal(principal), context, body) }),
    }),
  ];
}
