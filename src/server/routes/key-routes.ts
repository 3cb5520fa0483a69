import { z } from 'zod';
import { TENANT_KEY_STATES } from '../../crypto/index.js';
import { changeTenantKeyState, getTenantKeyStatus, type KeyDeps } from '../../keys/index.js';
import { defineRoute, type RouteDefinition } from '../route.js';
import { idOf, ticketSchema } from '../schemas.js';
import { requirePrincipal } from './require-principal.js';

const tenantParams = z.object({ tenantId: idOf('tenant') }).strict();
const ticketBody = z.object({ ticket: ticketSchema }).strict();
const statusSchema = z.object({
  tenantId: z.string(),
  state: z.enum(TENANT_KEY_STATES),
  changedAt: z.string().nullable(),
  changedBy: z.string().nullable(),
  versions: z.array(z.object({ version: z.number(), origin: z.string(), createdAt: z.string() })),
});

/** A tenant's own key: `/v1/tenants/{id}/key` (its state and versions), disable and enable. */
export function keyRoutes(deps: KeyDeps): RouteDefinition[] {
  const base = '/v1/tenants/:tenantId/key';
  const change = (state: (typeof TENANT_KEY_STATES)[number], summary: string) =>
    defineRoute({
      method: 'POST',
      url: `${base}/${state === 'disabled' ? 'disable' : 'enable'}`,
      summary,
      tag: 'keys',
      auth: 'bearer',
      params: tenantParams,
      body: ticketBody,
      response: { status: 200, schema: statusSchema },
      handler: async ({ principal, params, body, context }) => ({
        status: 200,
        body: await changeTenantKeyState(deps, requirePrincipal(principal), context, params.tenantId, { state, ticket: body.ticket }),
      }),
    });
  return [
    defineRoute({
      method: 'GET',
      url: base,
      summary: "The tenant key's state (enabled or disabled) and its versions with their origin; never key material.",
      tag: 'keys',
      auth: 'bearer',
      params: tenantParams,
      response: { status: 200, schema: statusSchema },
      handler: async ({ principal, params, context }) => ({ status: 200, body: await getTenantKeyStatus(deps, requirePrincipal(principal), context, params.tenantId) }),
    }),
    change('disabled', "Disable the tenant's key (owner or security officer): its data answers key_unavailable until it is enabled again. Audited with the ticket."),
    change('enabled', "Enable the tenant's key again (owner or security officer). Audited with the ticket."),
  ];
}
