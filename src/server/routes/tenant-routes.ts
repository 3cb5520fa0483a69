import { z } from 'zod';
import { OPERATOR_ROLES, TENANT_ROLES } from '../../access/index.js';
import { createMember, createOperatorMember, createTenant, REGION_PATTERN, type TenancyDeps } from '../../tenancy/index.js';
import { defineRoute } from '../route.js';
import { emailSchema, idOf, nameSchema } from '../schemas.js';
import { requirePrincipal } from './require-principal.js';

const createdMemberSchema = z.object({ id: z.string(), apiKey: z.string() });

export function tenantRoutes(deps: TenancyDeps) {
  return [
    defineRoute({
      method: 'POST',
      url: '/v1/tenants',
      summary: "Create a tenant (operator owner only) in this node's region; a tenant of another region is created through that region's nodes.",
      tag: 'tenants',
      auth: 'bearer',
      body: z.object({ name: nameSchema, region: z.string().regex(REGION_PATTERN).optional() }).strict(),
      response: { status: 201, schema: z.object({ id: z.string(), region: z.string() }) },
      handler: async ({ principal, body, context }) => ({
        status: 201,
        body: await createTenant(deps, requirePrincipal(principal), context, body),
      }),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/tenants/:tenantId/members',
      summary: "Add a member to a tenant; the API key is shown once. The operator owner creates a tenant's first owner.",
      tag: 'tenants',
      auth: 'bearer',
      params: z.object({ tenantId: idOf('tenant') }).strict(),
      body: z.object({ email: emailSchema, name: nameSchema, role: z.enum(TENANT_ROLES) }).strict(),
      response: { status: 201, schema: createdMemberSchema },
      handler: async ({ principal, params, body, context }) => ({
        status: 201,
        body: await createMember(deps, requirePrincipal(principal), context, params.tenantId, body),
      }),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/operator/members',
      summary: "Add a member of the operator's staff (operator owner only); the API key is shown once.",
      tag: 'operator',
      auth: 'bearer',
      body: z.object({ email: emailSchema, name: nameSchema, role: z.enum(OPERATOR_ROLES) }).strict(),
      response: { status: 201, schema: createdMemberSchema },
      handler: async ({ principal, body, context }) => ({
        status: 201,
        body: await createOperatorMember(deps, requirePrincipal(principal), context, body),
      }),
    }),
  ];
}
