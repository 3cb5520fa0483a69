import { z } from 'zod';
import type { VaultDeps } from '../../conversations/index.js';
import { eraseSubject, exportSubjectData } from '../../privacy/subject-requests/index.js';
import { defineRoute, type RouteDefinition } from '../route.js';
import { emailSchema, idOf } from '../schemas.js';
import { requirePrincipal } from './require-principal.js';

const tenantParams = z.object({ tenantId: idOf('tenant') }).strict();
const subjectRequest = z.object({ email: emailSchema, ticket: z.string().trim().min(1).max(200) }).strict();

const exportSchema = z.object({
  format: z.literal('sealdesk-subject-export'),
  version: z.literal(1),
  tenantId: z.string(),
  exportedAt: z.string(),
  ticket: z.string(),
  contacts: z.array(
    z.object({
      id: z.string(),
      email: z.string().nullable(),
      name: z.string().nullable(),
      createdAt: z.string(),
      conversations: z.array(
        z.object({
          id: z.string(),
          status: z.string(),
          channel: z.string(),
          createdAt: z.string(),
          updatedAt: z.string(),
          messages: z.array(z.object({ id: z.string(), authorKind: z.string(), createdAt: z.string(), body: z.string() })),
        }),
      ),
    }),
  ),
});

const receiptSchema = z.object({
  receiptId: z.string(),
  tenantId: z.string(),
  ticket: z.string(),
  erasedAt: z.string(),
  contactIds: z.array(z.string()),
  deleted: z.object({ contacts: z.number(), conversations: z.number(), messages: z.number() }),
  subjectKeysDestroyed: z.number(),
});

/** Data subjects' requests (owner or admin): export a person's data, or erase it for good. */
export function subjectRequestRoutes(deps: VaultDeps): RouteDefinition[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/v1/tenants/:tenantId/privacy/export',
      summary: "Everything held about the person with this e-mail, as JSON (a data subject's access request). Audited with the ticket.",
      tag: 'privacy',
      auth: 'bearer',
      params: tenantParams,
      body: subjectRequest,
      response: { status: 200, schema: exportSchema },
      handler: async ({ principal, params, body, context }) => ({
        status: 200,
        body: await exportSubjectData(deps, requirePrincipal(principal), context, params.tenantId, body),
      }),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/tenants/:tenantId/privacy/erasure',
      summary: "Erase the person with this e-mail: rows deleted and their subject key destroyed, so no backup can bring the data back. Irreversible; returns a receipt.",
      tag: 'privacy',
      auth: 'bearer',
      params: tenantParams,
      body: subjectRequest,
      response: { status: 200, schema: receiptSchema },
      handler: async ({ principal, params, body, context }) => ({
        status: 200,
        body: await eraseSubject(deps, requirePrincipal(principal), context, params.tenantId, body),
      }),
    }),
  ];
}
