import { z } from 'zod';
import { openConversation, postMessage, type ConversationFlowDeps } from '../../assistant/index.js';
import {
  assignConversation,
  claimConversation,
  CONVERSATION_STATUSES,
  listConversations,
  listInbox,
  MAX_PAGE_SIZE,
  readAnswerTraces,
  readConversation,
  resolveConversation,
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

const statusSchema = z.enum(CONVERSATION_STATUSES);
const replySchema = z
  .object({
    id: z.string(),
    body: z.string(),
    handoff: z.boolean(),
    citations: z.array(z.object({ articleId: z.string(), sourceId: z.string(), title: z.string() })),
    confidence: z.number(),
  })
  .nullable();

/** `status=a,b`: one or more statuses; the inbox's default is the conversations waiting for a human. */
const statusListSchema = z
  .string()
  .default('waiting_for_human')
  .transform((value) => [...new Set(value.split(',').map((part) => part.trim()))])
  .pipe(z.array(statusSchema).min(1));

/**
 * Conversations and the agents' inbox. A widget contact's message is answered by the assistant
 * before the response (`reply`), or handed over (`reply.handoff`, status `waiting_for_human`).
 */
export function conversationRoutes(deps: ConversationFlowDeps) {
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
      response: { status: 201, schema: z.object({ id: z.string(), messageId: z.string(), status: statusSchema, reply: replySchema }) },
      handler: async ({ principal, params, body, context }) => ({
        status: 201,
        body: await openConversation(deps, requirePrincipal(principal), context, params.tenantId, body),
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
      summary:
        "Add a message to a conversation. A customer's message is answered by the assistant (or handed over) before the response; a member's is a human reply.",
      tag: 'conversations',
      auth: 'bearer',
      params: conversationParams,
      body: z.object({ body: messageBodySchema }).strict(),
      response: { status: 201, schema: z.object({ id: z.string(), status: statusSchema, reply: replySchema }) },
      handler: async ({ principal, params, body, context }) => ({
        status: 201,
        body: await postMessage(deps, requirePrincipal(principal), context, params.conversationId, body),
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
    defineRoute({
      method: 'GET',
      url: '/v1/tenants/:tenantId/inbox',
      summary:
        "The agents' inbox: conversations in the given statuses (default waiting_for_human), longest waiting first, as metadata only.",
      tag: 'conversations',
      auth: 'bearer',
      params: z.object({ tenantId: idOf('tenant') }).strict(),
      query: z
        .object({
          status: statusListSchema,
          assignee: z.enum(['me', 'unassigned']).optional(),
          teamId: idOf('team').optional(),
          limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
        })
        .strict(),
      response: { status: 200, schema: z.object({ conversations: z.array(metadataSchema) }) },
      handler: async ({ principal, params, query, context }) => ({
        status: 200,
        body: {
          conversations: await listInbox(deps, requirePrincipal(principal), context, params.tenantId, {
            statuses: query.status,
            assignee: query.assignee,
            teamId: query.teamId,
            limit: query.limit,
          }),
        },
      }),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/conversations/:conversationId/claim',
      summary: 'Take a conversation from your queue: it is assigned to you and the assistant stops answering it.',
      tag: 'conversations',
      auth: 'bearer',
      params: conversationParams,
      response: { status: 200, schema: z.object({ id: z.string(), assigneeId: z.string(), status: z.string() }) },
      handler: async ({ principal, params, context }) => ({
        status: 200,
        body: { id: params.conversationId, ...(await claimConversation(deps, requirePrincipal(principal), context, params.conversationId)) },
      }),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/conversations/:conversationId/resolve',
      summary: "Mark a conversation resolved (a member who works it, or its contact); the customer's next message opens it again.",
      tag: 'conversations',
      auth: 'bearer',
      params: conversationParams,
      response: { status: 200, schema: z.object({ id: z.string(), status: z.literal('resolved') }) },
      handler: async ({ principal, params, context }) => ({
        status: 200,
        body: { id: params.conversationId, ...(await resolveConversation(deps, requirePrincipal(principal), context, params.conversationId)) },
      }),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/conversations/:conversationId/answers',
      summary: "The trace of every assistant reply in a conversation: passages (ids and scores), confidence, decision, handoff reason, provider. Never text.",
      tag: 'conversations',
      auth: 'bearer',
      params: conversationParams,
      response: {
        status: 200,
        schema: z.object({
          answers: z.array(
            z.object({ id: z.string(), customerMessageId: z.string(), replyMessageId: z.string(), createdAt: z.string(), trace: z.record(z.string(), z.unknown()) }),
          ),
        }),
      },
      handler: async ({ principal, params, context }) => ({
        status: 200,
        body: { answers: await readAnswerTraces(deps, requirePrincipal(principal), context, params.conversationId) },
      }),
    }),
  ];
}
