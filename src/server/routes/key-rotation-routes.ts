import { z } from 'zod';
import { OPERATOR_LOG } from '../../audit/index.js';
import {
  getKeyRotationPolicy,
  readKeyRotation,
  readKeyStatus,
  ROTATION_DAYS,
  ROTATION_LEVELS,
  setKeyRotationPolicy,
  startKeyRotation,
  type KeyRotationDeps,
} from '../../key-rotation/index.js';
import { defineRoute, type RouteDefinition } from '../route.js';
import { idOf, ticketSchema } from '../schemas.js';
import { requirePrincipal } from './require-principal.js';

export interface KeyRotationRouteDeps extends KeyRotationDeps {
  /** Told when a rotation is asked for: `serve` wakes its rotation job, so it begins at once. */
  readonly keyRotationRequested?: (() => void) | undefined;
}

const rotationSchema = z.object({
  id: z.string(),
  scope: z.string(),
  level: z.enum(ROTATION_LEVELS),
  status: z.enum(['running', 'failed', 'completed']),
  phase: z.enum(['keys', 'rewrap-keys', 'rewrap-subject-keys', 'reseal', 'completed']),
  versions: z.object({ tenant: z.number(), content: z.number() }),
  progress: z.object({ total: z.number(), pass: z.number(), scanned: z.number(), resealed: z.number(), rewrapped: z.number() }),
  requestedBy: z.string(),
  startedAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().nullable(),
  error: z.string().nullable(),
});
const statusSchema = z.object({
  scope: z.string(),
  versions: z.object({ tenant: z.number(), content: z.number() }),
  rotations: z.array(rotationSchema),
});
const startBody = z.object({ level: z.enum(ROTATION_LEVELS).default('tenant'), ticket: ticketSchema }).strict();
const policySchema = z.object({
  tenantId: z.string(),
  rotationDays: z.number().nullable(),
  changedAt: z.string().nullable(),
  changedBy: z.string().nullable(),
  latestTenantKeyAt: z.string(),
  nextRotationAt: z.string().nullable(),
});
/** A rotation period to set, a tenant's or the root key's. */
export const rotationPolicyBody = z.object({ rotationDays: z.number().int().min(ROTATION_DAYS.min).max(ROTATION_DAYS.max).nullable(), ticket: ticketSchema }).strict();
const tenantParams = z.object({ tenantId: idOf('tenant') }).strict();

interface RotationScope {
  readonly prefix: string;
  readonly tag: string;
  readonly params: z.ZodType<{ tenantId?: string }>;
  readonly rotationParams: z.ZodType<{ tenantId?: string; rotationId: string }>;
  scope(params: { tenantId?: string }): string;
}

const rotationId = idOf('keyRotation');
const scopes: RotationScope[] = [
  {
    prefix: '/v1/tenants/:tenantId/key/rotations',
    tag: 'keys',
    params: tenantParams,
    rotationParams: z.object({ tenantId: idOf('tenant'), rotationId }).strict(),
    scope: (p) => p.tenantId!,
  },
  {
    prefix: '/v1/operator/key/rotations',
    tag: 'operator',
    params: z.object({}).strict(),
    rotationParams: z.object({ rotationId }).strict(),
    scope: () => OPERATOR_LOG,
  },
];

/**
 * Key rotation of a tenant's keys (`/v1/tenants/{id}/key/rotations`) or the installation's own
 * (`/v1/operator/key/rotations`): ask for one, see the versions and latest rotations, follow one.
 * The job itself runs in the background (`serve`'s rotation job). A tenant's rotation period is
 * `/v1/tenants/{id}/key/rotation-policy`, the installation's `/v1/operator/key/rotation-policy`.
 */
export function keyRotationRoutes(deps: KeyRotationRouteDeps): RouteDefinition[] {
  return [...scopes.flatMap((scope) => scopeRoutes(deps, scope)), ...policyRoutes(deps)];
}

function scopeRoutes(deps: KeyRotationRouteDeps, scope: RotationScope): RouteDefinition[] {
  return [
    defineRoute({
      method: 'POST',
      url: scope.prefix,
      summary:
        'Rotate the keys (key.rotate): new writes use new versions at once, then a background job re-wraps and re-encrypts old data. Answers 202 with the rotation; a scope with an unfinished rotation gets that one back (resumed).',
      tag: scope.tag,
      auth: 'bearer',
      params: scope.params,
      body: startBody,
      response: { status: 202, schema: z.object({ rotation: rotationSchema, resumed: z.boolean() }) },
      handler: async ({ principal, params, body, context }) => {
        const started = await startKeyRotation(deps, requirePrincipal(principal), context, scope.scope(params), body.level, { ticket: body.ticket });
        deps.keyRotationRequested?.();
        return { status: 202, body: started, headers: { location: `${scope.prefix.replace(':tenantId', params.tenantId ?? '')}/${started.rotation.id}` } };
      },
    }),
    defineRoute({
      method: 'GET',
      url: scope.prefix,
      summary: "The scope's current key versions and its latest ten rotations with their progress (key.status), as `sealdesk keys status` prints them.",
      tag: scope.tag,
      auth: 'bearer',
      params: scope.params,
      response: { status: 200, schema: statusSchema },
      handler: async ({ principal, params, context }) => ({ status: 200, body: await readKeyStatus(deps, requirePrincipal(principal), context, scope.scope(params)) }),
    }),
    defineRoute({
      method: 'GET',
      url: `${scope.prefix}/:rotationId`,
      summary: 'One rotation and its progress (key.status).',
      tag: scope.tag,
      auth: 'bearer',
      params: scope.rotationParams,
      response: { status: 200, schema: rotationSchema },
      handler: async ({ principal, params, context }) => ({
        status: 200,
        body: await readKeyRotation(deps, requirePrincipal(principal), context, scope.scope(params), params.rotationId),
      }),
    }),
  ];
}

function policyRoutes(deps: KeyRotationDeps): RouteDefinition[] {
  return [
    ...policyRoutesOf(deps, {
      url: '/v1/tenants/:tenantId/key/rotation-policy',
      tag: 'keys',
      params: tenantParams,
      scope: (p) => p.tenantId!,
      who: 'a tenant\'s owner or security officer',
    }),
    ...policyRoutesOf(deps, {
      url: '/v1/operator/key/rotation-policy',
      tag: 'operator',
      params: z.object({}).strict(),
      scope: () => OPERATOR_LOG,
      who: "the operator's security staff, for the installation's own keys",
    }),
  ];
}

function policyRoutesOf(
  deps: KeyRotationDeps,
  where: { url: string; tag: string; params: z.ZodType<{ tenantId?: string }>; scope(params: { tenantId?: string }): string; who: string },
): RouteDefinition[] {
  return [
    defineRoute({
      method: 'GET',
      url: where.url,
      summary: "The rotation period (null: no rotation by policy, the default), when the latest tenant key was made and when serve next rotates it (key.status).",
      tag: where.tag,
      auth: 'bearer',
      params: where.params,
      response: { status: 200, schema: policySchema },
      handler: async ({ principal, params, context }) => ({ status: 200, body: await getKeyRotationPolicy(deps, requirePrincipal(principal), context, where.scope(params)) }),
    }),
    defineRoute({
      method: 'PUT',
      url: where.url,
      summary: `Set the rotation period: ${ROTATION_DAYS.min}–${ROTATION_DAYS.max} days, or null for off (${where.who}; audited with the ticket). serve rotates the tenant key once its latest version is that old.`,
      tag: where.tag,
      auth: 'bearer',
      params: where.params,
      body: rotationPolicyBody,
      response: { status: 200, schema: policySchema },
      handler: async ({ principal, params, body, context }) => ({
        status: 200,
        body: await setKeyRotationPolicy(deps, requirePrincipal(principal), context, where.scope(params), body),
      }),
    }),
  ];
}
