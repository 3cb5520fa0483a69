import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AuditLog } from '../../audit/index.js';
import type { Clock } from '../../common/index.js';
import {
  createLegalHold,
  createPatternRedactor,
  getRetentionPolicy,
  LEGAL_HOLD_TARGETS,
  listTenantLegalHolds,
  releaseTenantLegalHold,
  requestPurge,
  retentionPolicySchema,
  updateRetentionPolicy,
  type RedactorFactory,
} from '../../privacy/index.js';
import type { Database } from '../../store/index.js';
import { defineRoute, type RouteDefinition } from '../route.js';
import { idOf, purposeSchema, ticketSchema } from '../schemas.js';
import { requirePrincipal } from './require-principal.js';

export interface PrivacyRouteDeps {
  readonly db: Kysely<Database>;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly redactor?: RedactorFactory | undefined;
  /** Told when a purge deleted knowledge-base articles of a tenant. */
  readonly kbChanged: (tenantId: string) => void;
}

const tenantParams = z.object({ tenantId: idOf('tenant') }).strict();
const holdParams = z.object({ tenantId: idOf('tenant'), holdId: idOf('legalHold') }).strict();
/** `true`/`false` in a query string. */
const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');

const policySchema = z.object({ conversationDays: z.number(), contactDays: z.number(), kbDays: z.number().nullable() });
const holdSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  target: z.enum(LEGAL_HOLD_TARGETS),
  targetId: z.string(),
  reason: z.string(),
  ticket: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  releasedAt: z.string().nullable(),
  releasedBy: z.string().nullable(),
});
const purgeReportSchema = z.object({
  tenantId: z.string(),
  dryRun: z.boolean(),
  now: z.string(),
  policy: policySchema,
  cutoffs: z.object({ conversations: z.string(), contacts: z.string(), kbArticles: z.string().nullable() }),
  conversations: z.array(z.object({ id: z.string(), contactId: z.string(), reason: z.string(), messages: z.number() })),
  contacts: z.array(z.object({ id: z.string() })),
  kbArticles: z.array(z.object({ id: z.string() })),
  messages: z.number(),
  heldBack: z.array(z.object({ kind: z.string(), id: z.string(), holdIds: z.array(z.string()) })),
  skipped: z.array(z.object({ kind: z.string(), id: z.string() })),
});

/** Retention policy, legal holds and purges of a tenant: `/v1/tenants/{id}/privacy/…`. */
export function privacyRoutes(deps: PrivacyRouteDeps): RouteDefinition[] {
  const staffTextDeps = { ...deps, redactor: deps.redactor ?? createPatternRedactor };
  const base = '/v1/tenants/:tenantId/privacy';
  return [
    defineRoute({
      method: 'GET',
      url: `${base}/retention`,
      summary: "The tenant's retention policy (the default until one is set), its version, and the audit log's own retention of entry bodies.",
      tag: 'privacy',
      auth: 'bearer',
      params: tenantParams,
      response: {
        status: 200,
        schema: z.object({ policy: policySchema, version: z.number(), updatedAt: z.string().nullable(), updatedBy: z.string().nullable(), auditBodyDays: z.number() }),
      },
      handler: async ({ principal, params, context }) => ({ status: 200, body: await getRetentionPolicy(deps, requirePrincipal(principal), context, params.tenantId) }),
    }),
    defineRoute({
      method: 'PUT',
      url: `${base}/retention`,
      summary:
        "Replace the tenant's retention policy (owner, admin); bounds are checked (retention_policy_invalid). Keeping data at least as long applies at once (200); shortening needs the dual-control approvals (202 with the request id).",
      tag: 'privacy',
      auth: 'bearer',
      params: tenantParams,
      body: z.object({ policy: retentionPolicySchema, purpose: purposeSchema, ticket: ticketSchema }).strict(),
      response: {
        status: 200,
        schema: z.union([
          z.object({ status: z.literal('applied'), version: z.number() }),
          z.object({ status: z.literal('pending'), requestId: z.string(), pendingUntil: z.string() }),
        ]),
      },
      handler: async ({ principal, params, body, context }) => {
        const result = await updateRetentionPolicy(staffTextDeps, requirePrincipal(principal), context, params.tenantId, body);
        return { status: result.status === 'applied' ? 200 : 202, body: result };
      },
    }),
    defineRoute({
      method: 'POST',
      url: `${base}/retention/purge`,
      summary:
        'Apply the retention policy now (owner, admin), or with dryRun=true only report what would be deleted and what legal holds keep (also security officers and auditors).',
      tag: 'privacy',
      auth: 'bearer',
      params: tenantParams,
      query: z.object({ dryRun: booleanQuery.default(false) }).strict(),
      response: { status: 200, schema: purgeReportSchema },
      handler: async ({ principal, params, query, context }) => ({
        status: 200,
        body: await requestPurge(deps, requirePrincipal(principal), context, params.tenantId, { dryRun: query.dryRun }),
      }),
    }),
    defineRoute({
      method: 'POST',
      url: `${base}/legal-holds`,
      summary: 'Place a legal hold on the tenant, a contact or a conversation (owner, admin, security officer): held data is never purged.',
      tag: 'privacy',
      auth: 'bearer',
      params: tenantParams,
      body: z
        .object({
          target: z.enum(LEGAL_HOLD_TARGETS),
          targetId: z.string().min(1).max(64).optional(),
          reason: purposeSchema,
          ticket: ticketSchema,
        })
        .strict(),
      response: { status: 201, schema: holdSchema },
      handler: async ({ principal, params, body, context }) => ({
        status: 201,
        body: await createLegalHold(staffTextDeps, requirePrincipal(principal), context, params.tenantId, body),
      }),
    }),
    defineRoute({
      method: 'GET',
      url: `${base}/legal-holds`,
      summary: "The tenant's legal holds in force, or with all=true released ones too (owner, admin, security officer, auditor).",
      tag: 'privacy',
      auth: 'bearer',
      params: tenantParams,
      query: z.object({ all: booleanQuery.default(false) }).strict(),
      response: { status: 200, schema: z.object({ holds: z.array(holdSchema) }) },
      handler: async ({ principal, params, query, context }) => ({
        status: 200,
        body: { holds: await listTenantLegalHolds(deps, requirePrincipal(principal), context, params.tenantId, { all: query.all }) },
      }),
    }),
    defineRoute({
      method: 'POST',
      url: `${base}/legal-holds/:holdId/release`,
      summary: 'Release a legal hold (owner, admin, security officer); from then on retention applies to its target again.',
      tag: 'privacy',
      auth: 'bearer',
      params: holdParams,
      response: { status: 200, schema: holdSchema },
      handler: async ({ principal, params, context }) => ({
        status: 200,
        body: await releaseTenantLegalHold(deps, requirePrincipal(principal), context, params.tenantId, params.holdId),
      }),
    }),
  ];
}
