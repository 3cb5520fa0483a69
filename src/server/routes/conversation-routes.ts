import { z } from 'zod';
import {
  addMessage,
  assignConversation,
  createConversation,
  listConversations,
  MAX_PAGE_SIZE,
  readConversation,
  type VaultDeps,
} from '../../conversations/index.js';
import { defineRoute } from '../route.js';
import { emailSchema, idOf, messageBodySchema, nameSchema } from '../schemas.js';
import { requirePrincipal } from './require-principal.js';

const metadataSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  contactId: z.string(),
  status: z.string(),
  channel: z.string(),
  assigneeId: z.string().nullable(),
  teamId: z.string().nullable(),
  messageCount: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const accessSchema = z.object({ rule: z.string(), grantId: z.string().nullable() });

const conversationViewSchema = z.discriminatedUnion('view', [
  metadataSchema.extend({ view: z.literal('masked'), access: accessSchema }),
  metadataSchema.extend({
    view: z.enum(['redacted', 'full']),
    access: accessSchema,
    contact: z.object({ email: z.string().nullable(), name: z.string().nullable() }),
    messages: z.array(
      z.object({ id: z.string(), author: z.object({ kind: z.string(), id: z.string() }), body: z.string(), createdAt: z.string() }),
    ),
  }),
]);

const conversationParams = z.object({ conversationId: idOf('conversation') }).strict();

export function conversationRoutes(deps: VaultDeps) {
  return [
    defineRoute({
      method: 'POST',
      url: '/v1/tenants/:tenantId/conversations',
      summary: 'Open a conversation with its first message (a tenant member, or a widget contact for themselves).',
      tag: 'conversations',
      auth: 'bearer',
      params: z.object({ tenantId: idOf('tenant') }).strict(),
      body: z
        .object({
          contact: z.object({ email: emailSchema.optional(), name: nameSchema.optional() }).strict().optional(),
          message: z.object({ body: messageBodySchema }).strict(),
        })
        .strict(),
      response: { status: 201, schema: z.object({ id: z.string(), messageId: z.string() }) },
      handler: async ({ principal, params, body, context }) => ({
        status: 201,
        body: await createConversation(deps, requirePrincipal(principal), context, params.tenantId, body),
      }),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/tenants/:tenantId/conversations',
      summary: "List a tenant's conversations: metadata only, never content.",
      tag: 'conversations',
      auth: 'bearer',
      params: z.object({ tenantId: idOf('tenant') }).strict(),
      query: z.object({ limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50) }).strict(),
      response: { status: 200, schema: z.object({ conversations: z.array(metadataSchema) }) },
      handler: async ({ principal, params, query, context }) => ({
        status: 200,
        body: { conversations: await listConversations(deps, requirePrincipal(principal), context, params.tenantId, query) },
      }),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/conversations/:conversationId',
      summary:
        'Read a conversation through the audited gate: the best view the caller may have (masked, redacted or full), and the rule or grant that gave it.',
      tag: 'conversations',
      auth: 'bearer',
      params: conversationParams,
      response: { status: 200, schema: conversationViewSchema },
      handler: async ({ principal, params, context }) => ({
        status: 200,
        body: await readConversation(deps, requirePrincipal(principal), context, params.conversationId),
      }),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/conversations/:conversationId/messages',
      summary: 'Add a message to a conversation.',
      tag: 'conversations',
      auth: 'bearer',
      params: conversationParams,
      body: z.object({ body: messageBodySchema }).strict(),
      response: { status: 201, schema: z.object({ id: z.string() }) },
      handler: async ({ principal, params, body, context }) => ({
        status: 201,
        body: await addMessage(deps, requirePrincipal(principal), context, params.conversationId, body),
      }),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/conversations/:conversationId/assign',
      summary: "Assign a conversation to a member and/or put it in a team's queue (owner, admin or manager).",
      tag: 'conversations',
      auth: 'bearer',
      params: conversationParams,
      body: z
        .object({ memberId: idOf('member').optional(), teamId: idOf('team').nullable().optional() })
        .strict()
        .refine((body) => body.memberId !== undefined || body.teamId !== undefined, { message: 'name memberId, teamId or both' }),
      response: { status: 200, schema: z.object({ id: z.string(), assigneeId: z.string().nullable(), teamId: z.string().nullable() }) },
      handler: async ({ principal, params, body, context }) => ({
        status: 200,
        body: { id: params.conversationId, ...(await assignConversation(deps, requirePrincipal(principal), context, params.conversationId, body)) },
      }),
    }),
  ];
}
