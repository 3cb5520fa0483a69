import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { authenticate, type AuthenticationDeps, type Principal } from '../access/index.js';
import { alertRoutes } from './routes/alert-routes.js';
import { monitorRoutes } from './routes/monitor-routes.js';
import { createAnswerRuntime, KbIndexes, type AnswerRuntime } from '../assistant/index.js';
import { newId } from '../common/index.js';
import type { VaultDeps } from '../conversations/index.js';
import type { TenancyDeps } from '../tenancy/index.js';
import type { CustomerKeyWrappers } from '../keys/index.js';
import { handleError, handleNotFound } from './error-handler.js';
import { buildOpenApiDocument } from './openapi.js';
import type { RouteDefinition } from './route.js';
import { auditRoutes, type AuditRouteDeps } from './routes/audit-routes.js';
import { accessRoutes } from './routes/access-routes.js';
import { conversationRoutes } from './routes/conversation-routes.js';
import { kbRoutes } from './routes/kb-routes.js';
import { keyRotationRoutes } from './routes/key-rotation-routes.js';
import { keyRoutes } from './routes/key-routes.js';
import { rootKeyRoutes, type RootKeyRouteDeps } from './routes/root-key-routes.js';
import { privacyRoutes } from './routes/privacy-routes.js';
import { subjectRequestRoutes } from './routes/subject-request-routes.js';
import { tenantRoutes } from './routes/tenant-routes.js';
import { trainingRoutes } from './routes/training-routes.js';
import { widgetRoutes } from './routes/widget-routes.js';
import { parseInput } from './schemas.js';
import { serverTlsOptions } from './tls/index.js';

/**
 * `answerRuntime` defaults to one with no local model and Node's own CA roots; `kbIndexes` to a
 * set of its own (pass the one background jobs that change the knowledge base also use).
 */
export type ServerDeps = VaultDeps &
  TenancyDeps &
  AuthenticationDeps &
  AuditRouteDeps & {
    readonly answerRuntime?: AnswerRuntime | undefined;
    readonly kbIndexes?: KbIndexes | undefined;
    /** The installation's customer-managed keys; without it no tenant can adopt one. */
    readonly customerKeys?: CustomerKeyWrappers | undefined;
    /** Told when a request starts a key rotation (a BYOK import, `POST …/key/rotations`), so `serve` runs the job at once. */
    readonly keyRotationRequested?: (() => void) | undefined;
    /** The installation and its root key settings; without them there is no root key API (`/v1/operator/key/root`). */
    readonly rootKeys?: RootKeyRouteDeps | undefined;
  };

export interface ServerOptions {
  readonly deps: ServerDeps;
  readonly logger: Logger;
  /** TLS certificate and key; without them the server speaks plain HTTP (loopback only). */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer } | undefined;
  readonly bodyLimitBytes?: number;
}

/** 64 KiB: a message body is at most 32,000 characters. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/**
 * Builds the HTTP API without listening, so tests can `inject()` requests. Every route goes
 * through the same pipeline: request id → strict input parsing → authentication → handler, and
 * every error leaves as `{error: {code, message, requestId}}`.
 */
export function buildServer(options: ServerOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: options.logger,
    bodyLimit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT,
    genReqId: () => newId('request'),
    ...(options.tls && { https: serverTlsOptions(options.tls) }),
  }) as unknown as FastifyInstance;

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.header('cache-control', 'no-store');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    if (options.tls) reply.header('strict-transport-security', 'max-age=63072000; includeSubDomains');
  });
  // An empty body sent as JSON (curl with a JSON content-type header and no -d) is no body: routes
  // that take none work, routes that need one say which fields are missing. Anything else parses
  // as Fastify does by default, refusing prototype poisoning.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => (body === '' ? done(null, undefined) : parseJson(request, String(body), done)));
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);

  const kbIndexes = options.deps.kbIndexes ?? new KbIndexes(options.deps);
  const answerRuntime = options.deps.answerRuntime ?? createAnswerRuntime();
  const flowDeps = { ...options.deps, indexes: kbIndexes, answerRuntime, logger: options.logger };
  const routes = [...tenantRoutes(options.deps), ...conversationRoutes(flowDeps), ...widgetRoutes(options.deps), ...auditRoutes(options.deps), ...alertRoutes(options.deps), ...monitorRoutes(options.deps), ...accessRoutes(options.deps), ...kbRoutes({ ...options.deps, answerRuntime, kbIndexes }), ...privacyRoutes({ ...options.deps, kbChanged: (tenantId) => kbIndexes.invalidate(tenantId) }), ...subjectRequestRoutes(options.deps), ...keyRoutes(options.deps), ...keyRotationRoutes(options.deps), ...(options.deps.rootKeys ? rootKeyRoutes(options.deps.rootKeys) : []), ...trainingRoutes({ ...options.deps, detector: () => answerRuntime.detector() })];
  for (const route of routes) register(app, route, options.deps);

  const openApi = buildOpenApiDocument(routes);
  app.get('/v1/openapi.json', async () => openApi);
  app.get('/v1/health', async () => ({ status: 'ok' }));
  return app;
}

function register(app: FastifyInstance, route: RouteDefinition, deps: AuthenticationDeps): void {
  app.route({
    method: route.method,
    url: route.url,
    handler: async (request, reply) => {
      const params = route.params ? parseInput(route.params, request.params, 'path') : undefined;
      const query = route.query ? parseInput(route.query, request.query, 'query') : undefined;
      const body = route.body ? parseInput(route.body, request.body, 'body') : undefined;
      const principal = await principalFor(route, request, deps);
      const result = await route.handler({
        principal,
        params,
        query,
        body,
        context: { requestId: request.id, channel: 'api' },
      });
      if (result.contentType) reply.type(result.contentType);
      if (result.headers) reply.headers(result.headers);
      return reply.code(result.status).send(result.body);
    },
  });
}

async function principalFor(route: RouteDefinition, request: FastifyRequest, deps: AuthenticationDeps): Promise<Principal | undefined> {
  const header = request.headers.authorization;
  if (route.auth === 'none' || (route.auth === 'optional' && header === undefined)) return undefined;
  return authenticate(deps, header);
}
