import { z } from 'zod';
import {
  accessPolicySchema,
  createAccessRequest,
  decideAccessRequest,
  escalateOverdueReviews,
  getAccessPolicy,
  getAccessRequest,
  GRANT_KINDS,
  GRANT_STATUSES,
  HARD_MAX_GRANT_MINUTES,
  listAccessRequests,
  MAX_ACCESS_REQUEST_PAGE,
  requestExport,
  REVIEW_OUTCOMES,
  reviewBreakGlass,
  revokeAccessRequest,
  TENANT_ROLES,
  updateAccessPolicy,
  type DecisionDeps,
} from '../../access/index.js';
import { breakGlassAlerts } from '../../alerts/index.js';
import type { VerifiableAuditLog } from '../../audit/index.js';
import { exportConversations, type VaultDeps } from '../../conversations/index.js';
import { tenantKeyDestruction, type KeyDeps } from '../../keys/index.js';
import { createPatternRedactor } from '../../privacy/index.js';
import { changeMemberRole, createTeam, removeMember, setTeamMembership, type TenancyDeps } from '../../tenancy/index.js';
import { defineRoute } from '../route.js';
import { idOf, nameSchema, purposeSchema, ticketSchema } from '../schemas.js';
import { requirePrincipal } from './require-principal.js';

const durationSchema = z.int().min(1).max(HARD_MAX_GRANT_MINUTES);

const requestParams = z.object({ requestId: idOf('accessRequest') }).strict();
const tenantParams = z.object({ tenantId: idOf('tenant') }).strict();
const memberParams = z.object({ tenantId: idOf('tenant'), memberId: idOf('member') }).strict();
const teamParams = z.object({ tenantId: idOf('tenant'), teamId: idOf('team') }).strict();

const grantViewSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  kind: z.enum(GRANT_KINDS),
  requester: z.object({ id: z.string(), kind: z.enum(['member', 'operator']), role: z.string() }),
  scope: z.union([
    z.object({ kind: z.literal('conversations'), conversationIds: z.array(z.string()) }),
    z.object({ kind: z.literal('contact'), contactId: z.string() }),
    z.object({ kind: z.literal('tenant') }),
  ]),
  view: z.enum(['redacted', 'full']).nullable(),
  purpose: z.string(),
  ticket: z.string(),
  breakGlass: z.boolean(),
  durationMinutes: z.number(),
  status: z.enum(GRANT_STATUSES),
  rule: z.string(),
  requiredApprovals: z.array(z.object({ anyOf: z.array(z.string()) })),
  approvals: z.array(z.object({ approverId: z.string(), role: z.string(), at: z.string() })),
  createdAt: z.string(),
  pendingUntil: z.string(),
  approvedAt: z.string().nullable(),
  activatedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  endedBy: z.string().nullable(),
  remainingSeconds: z.number(),
  review: z.object({ reviewerId: z.string(), role: z.string(), outcome: z.enum(REVIEW_OUTCOMES), at: z.string() }).nullable(),
  reviewDueAt: z.string().nullable(),
  reviewOverdue: z.boolean(),
  escalatedAt: z.string().nullable(),
});

/** Break-glass alerts through `src/alerts`: to the tenant's security contacts, copied to the operator's security team. */
/** Access requests and grants, break-glass, tenant access policy, bulk export, member revocation and teams. */
export function accessRoutes(deps: VaultDeps & TenancyDeps & Pick<KeyDeps, 'customerKeys'> & { readonly audit: VerifiableAuditLog }) {
  const access: DecisionDeps = {
    ...deps,
    breakGlassNotifier: breakGlassAlerts(deps),
    redactor: deps.redactor ?? createPatternRedactor,
    tenantKeyDestruction: tenantKeyDestruction(deps),
  };
  const decide = (verdict: 'approve' | 'deny') =>
    defineRoute({
      method: 'POST',
      url: `/v1/access-requests/:requestId/${verdict}`,
      summary:
        verdict === 'approve'
          ? 'Approve a pending request (a tenant member whose role fills an approval it still needs; never the requester).'
          : 'Deny a pending request (a tenant member whose role the policy names as approver; never the requester).',
      tag: 'access',
      auth: 'bearer',
      params: requestParams,
      response: { status: 200, schema: grantViewSchema },
      handler: async ({ principal, params, context }) => ({
        status: 200,
        body: await decideAccessRequest(access, requirePrincipal(principal), context, params.requestId, verdict),
      }),
    });

  return [
    defineRoute({
      method: 'POST',
      url: '/v1/access-requests',
      summary:
        'Ask for time-limited access to conversations (named ones, one contact\'s, or the whole tenant) in the redacted or full view; the tenant\'s policy decides the approvals. breakGlass: active at once, alerted, reviewed later.',
      tag: 'access',
      auth: 'bearer',
      body: z
        .object({
          tenantId: idOf('tenant'),
          conversationIds: z.array(idOf('conversation')).min(1).max(100).optional(),
          contactId: idOf('contact').optional(),
          view: z.enum(['redacted', 'full']),
          purpose: purposeSchema,
          ticket: ticketSchema,
          durationMinutes: durationSchema,
          breakGlass: z.boolean().optional(),
        })
        .strict(),
      response: {
        status: 201,
        schema: z.object({ id: z.string(), status: z.enum(GRANT_STATUSES), rule: z.string(), pendingUntil: z.string(), expiresAt: z.string().nullable() }),
      },
      handler: async ({ principal, body, context }) => ({
        status: 201,
        body: await createAccessRequest(access, requirePrincipal(principal), context, body),
      }),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/access-requests/:requestId',
      summary: 'One request as of now: status, approvals, remaining time (its requester, and the tenant\'s reviewers).',
      tag: 'access',
      auth: 'bearer',
      params: requestParams,
      response: { status: 200, schema: grantViewSchema },
      handler: async ({ principal, params, context }) => ({
        status: 200,
        body: await getAccessRequest(access, requirePrincipal(principal), context, params.requestId),
      }),
    }),
    decide('approve'),
    decide('deny'),
    defineRoute({
      method: 'POST',
      url: '/v1/access-requests/:requestId/revoke',
      summary: 'End a pending request or a live grant at once (its requester; the tenant\'s owner, admins and security officers).',
      tag: 'access',
      auth: 'bearer',
      params: requestParams,
      response: { status: 200, schema: grantViewSchema },
      handler: async ({ principal, params, context }) => ({
        status: 200,
        body: await revokeAccessRequest(access, requirePrincipal(principal), context, params.requestId),
      }),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/access-requests/:requestId/review',
      summary: 'Record the post-incident review of a break-glass grant (the tenant\'s owner or a security officer; never the requester).',
      tag: 'access',
      auth: 'bearer',
      params: requestParams,
      body: z.object({ outcome: z.enum(REVIEW_OUTCOMES), notes: z.string().trim().min(1).max(2000).optional() }).strict(),
      response: { status: 200, schema: grantViewSchema },
      handler: async ({ principal, params, body, context }) => ({
        status: 200,
        body: await reviewBreakGlass(access, requirePrincipal(principal), context, params.requestId, body),
      }),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/access-requests/:requestId/export',
      summary:
        'Run an approved bulk export (its requester, once): every conversation of the tenant in an AES-256-GCM archive, to a passphrase or to a fresh key returned once.',
      tag: 'access',
      auth: 'bearer',
      params: requestParams,
      body: z.object({ passphrase: z.string().min(12).max(1024).optional() }).strict().optional(),
      response: {
        status: 200,
        schema: z.object({ id: z.string(), conversationCount: z.number(), archive: z.record(z.string(), z.unknown()), key: z.string().optional() }),
      },
      handler: async ({ principal, params, body, context }) => ({
        status: 200,
        body: await exportConversations(
          deps,
          requirePrincipal(principal),
          context,
          params.requestId,
          body?.passphrase === undefined ? { freshKey: true } : { passphrase: body.passphrase },
        ),
      }),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/tenants/:tenantId/access-requests',
      summary: "A tenant's access requests and grants, newest first (owner, admin, manager, security, auditor); breakGlass=unreviewed lists break-glass awaiting review.",
      tag: 'access',
      auth: 'bearer',
      params: tenantParams,
      query: z
        .object({
          status: z.enum(GRANT_STATUSES).optional(),
          breakGlass: z.literal('unreviewed').optional(),
          limit: z.coerce.number().int().min(1).max(MAX_ACCESS_REQUEST_PAGE).default(50),
        })
        .strict(),
      response: { status: 200, schema: z.object({ accessRequests: z.array(grantViewSchema) }) },
      handler: async ({ principal, params, query, context }) => ({
        status: 200,
        body: {
          accessRequests: await listAccessRequests(access, requirePrincipal(principal), context, params.tenantId, {
            status: query.status,
            unreviewedBreakGlass: query.breakGlass === 'unreviewed',
            limit: query.limit,
          }),
        },
      }),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/tenants/:tenantId/access-policy',
      summary: "The tenant's access policy (the default until one is set) and its version.",
      tag: 'access',
      auth: 'bearer',
      params: tenantParams,
      response: { status: 200, schema: z.object({ policy: z.record(z.string(), z.unknown()), version: z.number(), updatedAt: z.string().nullable() }) },
      handler: async ({ principal, params, context }) => ({
        status: 200,
        body: await getAccessPolicy(access, requirePrincipal(principal), context, params.tenantId),
      }),
    }),
    defineRoute({
      method: 'PUT',
      url: '/v1/tenants/:tenantId/access-policy',
      summary:
        "Replace the tenant's access policy (owner, security). Tightening applies at once (200); anything else needs the dual-control approvals (202 with the request id).",
      tag: 'access',
      auth: 'bearer',
      params: tenantParams,
      body: z.object({ policy: accessPolicySchema, purpose: purposeSchema, ticket: ticketSchema }).strict(),
      response: {
        status: 200,
        schema: z.union([
          z.object({ status: z.literal('applied'), version: z.number() }),
          z.object({ status: z.literal('pending'), requestId: z.string(), pendingUntil: z.string() }),
        ]),
      },
      handler: async ({ principal, params, body, context }) => {
        const result = await updateAccessPolicy(access, requirePrincipal(principal), context, params.tenantId, body);
        return { status: result.status === 'applied' ? 200 : 202, body: result };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/tenants/:tenantId/exports',
      summary: 'Ask to export all conversations of the tenant (owner, admin); needs dual-control approval, then runs once.',
      tag: 'access',
      auth: 'bearer',
      params: tenantParams,
      body: z.object({ purpose: purposeSchema, ticket: ticketSchema, durationMinutes: durationSchema }).strict(),
      response: { status: 201, schema: z.object({ id: z.string(), status: z.literal('pending'), pendingUntil: z.string() }) },
      handler: async ({ principal, params, body, context }) => ({
        status: 201,
        body: await requestExport(access, requirePrincipal(principal), context, params.tenantId, body),
      }),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/tenants/:tenantId/members/:memberId/role',
      summary: "Change a member's role: their API keys and grants end at once; a new API key is shown once.",
      tag: 'tenants',
      auth: 'bearer',
      params: memberParams,
      body: z.object({ role: z.enum(TENANT_ROLES) }).strict(),
      response: { status: 200, schema: z.object({ id: z.string(), role: z.string(), apiKey: z.string(), revokedGrants: z.number() }) },
      handler: async ({ principal, params, body, context }) => ({
        status: 200,
        body: await changeMemberRole(deps, requirePrincipal(principal), context, params.tenantId, params.memberId, body.role),
      }),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/tenants/:tenantId/members/:memberId/remove',
      summary: 'Remove a member: their API keys, grants and team memberships end at once.',
      tag: 'tenants',
      auth: 'bearer',
      params: memberParams,
      response: {
        status: 200,
        schema: z.object({ id: z.string(), removed: z.literal(true), revokedApiKeys: z.number(), revokedGrants: z.number() }),
      },
      handler: async ({ principal, params, context }) => ({
        status: 200,
        body: await removeMember(deps, requirePrincipal(principal), context, params.tenantId, params.memberId),
      }),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/tenants/:tenantId/teams',
      summary: 'Create a team (owner, admin, manager); its members work the conversations in its queue.',
      tag: 'tenants',
      auth: 'bearer',
      params: tenantParams,
      body: z.object({ name: nameSchema }).strict(),
      response: { status: 201, schema: z.object({ id: z.string(), name: z.string() }) },
      handler: async ({ principal, params, body, context }) => ({
        status: 201,
        body: await createTeam(deps, requirePrincipal(principal), context, params.tenantId, body),
      }),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/tenants/:tenantId/teams/:teamId/members',
      summary: 'Add a member who works conversations to a team (owner, admin, manager).',
      tag: 'tenants',
      auth: 'bearer',
      params: teamParams,
      body: z.object({ memberId: idOf('member') }).strict(),
      response: { status: 200, schema: z.object({ id: z.string(), memberIds: z.array(z.string()) }) },
      handler: async ({ principal, params, body, context }) => ({
        status: 200,
        body: await setTeamMembership(deps, requirePrincipal(principal), context, { ...params, memberId: body.memberId }, true),
      }),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/tenants/:tenantId/teams/:teamId/members/:memberId/remove',
      summary: 'Take a member out of a team (owner, admin, manager); the team queue is closed to them at once.',
      tag: 'tenants',
      auth: 'bearer',
      params: z.object({ tenantId: idOf('tenant'), teamId: idOf('team'), memberId: idOf('member') }).strict(),
      response: { status: 200, schema: z.object({ id: z.string(), memberIds: z.array(z.string()) }) },
      handler: async ({ principal, params, context }) => ({
        status: 200,
        body: await setTeamMembership(deps, requirePrincipal(principal), context, params, false),
      }),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/operator/break-glass/escalations',
      summary: "Escalate break-glass grants still unreviewed past their tenant's deadline (operator owner or security; for a scheduler).",
      tag: 'operator',
      auth: 'bearer',
      response: { status: 200, schema: z.object({ escalated: z.number() }) },
      handler: async ({ principal, context }) => ({
        status: 200,
        body: await escalateOverdueReviews(access, requirePrincipal(principal), context),
      }),
    }),
  ];
}
