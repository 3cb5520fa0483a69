import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  ANSWER_PROVIDERS,
  answerTenantQuestion,
  assistantSettingsInput,
  FAILURE_FALLBACKS,
  readAssistantSettings,
  updateAssistantSettings,
  type AnswerRuntime,
  createKbArticle,
  KB_FORMATS,
  KbIndexes,
  listKbArticles,
  removeKbArticle,
  updateKbArticleContent,
} from '../../assistant/index.js';
import type { AuditLog } from '../../audit/index.js';
import type { Clock } from '../../common/index.js';
import type { KeyRing } from '../../crypto/index.js';
import type { Database } from '../../store/index.js';
import { defineRoute, type RouteDefinition } from '../route.js';
import { idOf } from '../schemas.js';
import { requirePrincipal } from './require-principal.js';

export interface KbRouteDeps {
  readonly db: Kysely<Database>;
  readonly keyRing: KeyRing;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly answerRuntime: AnswerRuntime;
  /** Shared with everything else that changes the knowledge base (retention purges). */
  readonly kbIndexes: KbIndexes;
}

const tenantParams = z.object({ tenantId: idOf('tenant') }).strict();
const articleParams = z.object({ tenantId: idOf('tenant'), articleId: idOf('kbArticle') }).strict();
const content = {
  title: z.string().trim().min(1).max(200),
  format: z.enum(KB_FORMATS),
  body: z.string().min(1).max(60_000),
};
const idSchema = z.object({ id: z.string() });
const citationSchema = z.object({ articleId: z.string(), sourceId: z.string(), title: z.string() });
const answerSchema = z.object({
  answer: z.string(),
  handoff: z.boolean(),
  citations: z.array(citationSchema),
  confidence: z.number(),
  trace: z.object({
    passages: z.array(z.object({ articleId: z.string(), passageId: z.string(), score: z.number() })),
    confidence: z.number(),
    decision: z.enum(['answered', 'handoff', 'refused']),
    handoffReason: z.string().nullable(),
    rule: z.string().nullable(),
    provider: z.string(),
    retrieval: z.enum(['lexical', 'hybrid']),
    fallbackFrom: z.string().nullable(),
  }),
});
const settingsSchema = z.object({
  provider: z.enum(ANSWER_PROVIDERS),
  baseUrl: z.string().nullable(),
  chatModel: z.string().nullable(),
  embeddingModel: z.string().nullable(),
  apiKeySet: z.boolean(),
  onFailure: z.enum(FAILURE_FALLBACKS),
  timeoutMs: z.number(),
  updatedAt: z.string().nullable(),
});

/**
 * The assistant's knowledge base (owner, admin and manager write; agents may list) and its
 * answer route (any member of the tenant). One set of per-tenant indexes serves every route, so a
 * write drops the index the answer route would otherwise reuse.
 */
export function kbRoutes(routeDeps: KbRouteDeps): RouteDefinition[] {
  const deps = { ...routeDeps, indexes: routeDeps.kbIndexes, localModelAvailable: routeDeps.answerRuntime.localModel !== undefined };
  const base = '/v1/tenants/:tenantId/kb/articles';
  return [
    defineRoute({
      method: 'POST',
      url: base,
      summary: 'Add a knowledge-base article (Markdown, HTML or text); title and body are sealed.',
      tag: 'assistant',
      auth: 'bearer',
      params: tenantParams,
      body: z.object({ ...content, sourceId: z.string().regex(/^[\w.-]{1,200}$/).optional() }).strict(),
      response: { status: 201, schema: idSchema },
      handler: async ({ principal, params, body, context }) => ({
        status: 201,
        body: await createKbArticle(deps, requirePrincipal(principal), context, params.tenantId, body),
      }),
    }),
    defineRoute({
      method: 'GET',
      url: base,
      summary: "The tenant's knowledge-base articles: ids, source ids, titles and formats.",
      tag: 'assistant',
      auth: 'bearer',
      params: tenantParams,
      response: {
        status: 200,
        schema: z.object({ articles: z.array(z.object({ id: z.string(), sourceId: z.string(), title: z.string(), format: z.string(), updatedAt: z.string() })) }),
      },
      handler: async ({ principal, params, context }) => ({
        status: 200,
        body: { articles: await listKbArticles(deps, requirePrincipal(principal), context, params.tenantId) },
      }),
    }),
    defineRoute({
      method: 'POST',
      url: `${base}/:articleId`,
      summary: "Replace an article's title, format and body.",
      tag: 'assistant',
      auth: 'bearer',
      params: articleParams,
      body: z.object(content).strict(),
      response: { status: 200, schema: idSchema },
      handler: async ({ principal, params, body, context }) => {
        await updateKbArticleContent(deps, requirePrincipal(principal), context, params.tenantId, params.articleId, body);
        return { status: 200, body: { id: params.articleId } };
      },
    }),
    defineRoute({
      method: 'POST',
      url: `${base}/:articleId/delete`,
      summary: 'Delete an article.',
      tag: 'assistant',
      auth: 'bearer',
      params: articleParams,
      response: { status: 200, schema: idSchema },
      handler: async ({ principal, params, context }) => {
        await removeKbArticle(deps, requirePrincipal(principal), context, params.tenantId, params.articleId);
        return { status: 200, body: { id: params.articleId } };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/tenants/:tenantId/assistant/answer',
      summary: "Ask the assistant a question (with the tenant's provider settings); it answers from this tenant's knowledge base with citations, or hands over.",
      tag: 'assistant',
      auth: 'bearer',
      params: tenantParams,
      body: z.object({ question: z.string().trim().min(1).max(4_000) }).strict(),
      response: { status: 200, schema: answerSchema },
      handler: async ({ principal, params, body, context }) => ({
        status: 200,
        body: await answerTenantQuestion(deps, requirePrincipal(principal), context, params.tenantId, body.question),
      }),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/tenants/:tenantId/assistant/settings',
      summary: "The tenant's answer provider (offline, OpenAI-compatible, Anthropic or the installation's local model); the API key only as whether one is set.",
      tag: 'assistant',
      auth: 'bearer',
      params: tenantParams,
      response: { status: 200, schema: settingsSchema },
      handler: async ({ principal, params, context }) => ({
        status: 200,
        body: await readAssistantSettings(deps, requirePrincipal(principal), context, params.tenantId),
      }),
    }),
    defineRoute({
      method: 'PUT',
      url: '/v1/tenants/:tenantId/assistant/settings',
      summary: "Choose the tenant's answer provider (owner or admin). Models see pseudonymised text only; the URL must be https (http only to loopback).",
      tag: 'assistant',
      auth: 'bearer',
      params: tenantParams,
      body: assistantSettingsInput,
      response: { status: 200, schema: settingsSchema },
      handler: async ({ principal, params, body, context }) => ({
        status: 200,
        body: await updateAssistantSettings(deps, requirePrincipal(principal), context, params.tenantId, body),
      }),
    }),
  ];
}
