import { z } from 'zod';
import { startWidgetSession, type VaultDeps } from '../../conversations/index.js';
import { defineRoute } from '../route.js';
import { emailSchema, idOf, nameSchema } from '../schemas.js';

export function widgetRoutes(deps: VaultDeps) {
  return [
    defineRoute({
      method: 'POST',
      url: '/v1/widget/:tenantId/session',
      summary:
        "Start an end customer's widget session: a new contact and a short-lived contact token. Send a current token as bearer to renew it for the same contact.",
      tag: 'widget',
      auth: 'optional',
      params: z.object({ tenantId: idOf('tenant') }).strict(),
      body: z.object({ email: emailSchema.optional(), name: nameSchema.optional() }).strict().optional(),
      response: { status: 201, schema: z.object({ token: z.string(), contactId: z.string(), expiresAt: z.string() }) },
      handler: async ({ principal, params, body, context }) => ({
        status: 201,
        body: await startWidgetSession(deps, context, params.tenantId, { contact: body, resume: principal }),
      }),
    }),
  ];
}
