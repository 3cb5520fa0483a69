import { z } from 'zod';
import { recordAccessEvent, type Principal } from '../../access/index.js';
import type { AuditAction, AuditLog } from '../../audit/index.js';
import type { RequestContext } from '../../common/index.js';
import { findTenant } from '../../store/index.js';
import { defineRoute, type RouteDefinition } from '../route.js';
import { requirePrincipal } from './require-principal.js';
import { emailSchema, idOf } from '../schemas.js';
import {
  acknowledgeAlert,
  canManageAlerts,
  addEmailRecipient,
  createWebhook,
  isDestinationId,
  listAlerts,
  listEmailRecipients,
  listWebhooks,
  MAX_ALERT_PAGE_SIZE,
  OPERATOR_SCOPE,
  removeEmailRecipient,
  removeWebhook,
  type AlertDeps,
  type DestinationChannel,
} from '../../alerts/index.js';

const alertSchema = z.object({
  id: z.string(),
  scope: z.string(),
  kind: z.string(),
  severity: z.enum(['info', 'warning', 'critical']),
  summary: z.string(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  createdAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
});
const webhookSchema = z.object({ id: z.string(), url: z.string(), createdAt: z.string() });
const recipientSchema = z.object({ id: z.string(), email: z.string(), createdAt: z.string() });

const destinationIdOf = (channel: DestinationChannel) =>
  z.string().refine((value) => isDestinationId(value, channel), {
    message: `must be a ${channel === 'webhook' ? 'whk' : 'rcp'}_ id`,
    params: { sealdeskCode: 'invalid_id' },
  });

/** How a family of routes finds its scope: from the tenant in the path, or the operator's. */
interface ScopeRoutes<Params extends object> {
  readonly prefix: string;
  readonly tag: string;
  readonly who: string;
  readonly params: z.ZodObject;
  scopeOf(params: Params): string;
}

const tenantScope: ScopeRoutes<{ tenantId: string }> = {
  prefix: '/v1/tenants/:tenantId/alerts',
  tag: 'alerts',
  who: "the tenant's owner, admin or security",
  params: z.object({ tenantId: idOf('tenant') }),
  scopeOf: (params) => params.tenantId,
};

const operatorScope: ScopeRoutes<object> = {
  prefix: '/v1/operator/alerts',
  tag: 'operator',
  who: "the operator's owner or security staff",
  params: z.object({}),
  scopeOf: () => OPERATOR_SCOPE,
};

type AlertRouteDeps = AlertDeps & { readonly audit: AuditLog };

/** The alert API, for tenants and for the operator: list and acknowledge alerts, manage destinations. */
export function alertRoutes(deps: AlertRouteDeps): RouteDefinition[] {
  return [...routesFor(deps, tenantScope), ...routesFor(deps, operatorScope)];
}

function routesFor<Params extends object>(deps: AlertRouteDeps, scope: ScopeRoutes<Params>): RouteDefinition[] {
  const { prefix, tag, who } = scope;
  /** The scope's path parameters and `extra`, strictly. */
  const params = <Extra extends z.ZodRawShape>(extra: Extra) =>
    scope.params.extend(extra).strict() as unknown as z.ZodType<Params & z.infer<z.ZodObject<Extra>>>;
  /**
   * Who acts, and on which scope: the first arguments of every alert operation. The decision is
   * recorded in the scope's audit log first (an unknown tenant has no log: the operation then
   * answers `not_found`); the operation itself enforces it.
   */
  const gate = async (principal: Principal | undefined, path: Params, context: RequestContext, action: AuditAction, what: string) => {
    const caller = requirePrincipal(principal);
    const scopeId = scope.scopeOf(path);
    if (scopeId === OPERATOR_SCOPE || (await findTenant(deps.db, scopeId))) {
      const decision = canManageAlerts(caller, scopeId);
      await recordAccessEvent(deps, caller, context, {
        action,
        tenantId: scopeId === OPERATOR_SCOPE ? null : scopeId,
        outcome: decision.allow ? 'allowed' : 'denied',
        rule: decision.rule,
        details: { what },
      });
    }
    return [caller, scopeId] as const;
  };
  return [
    defineRoute({
      method: 'GET',
      url: prefix,
      summary: `List alerts, newest first (${who}).`,
      tag,
      auth: 'bearer',
      params: params({}),
      query: z.object({ limit: z.coerce.number().int().min(1).max(MAX_ALERT_PAGE_SIZE).default(50) }).strict(),
      response: { status: 200, schema: z.object({ alerts: z.array(alertSchema) }) },
      handler: async ({ principal, params: path, query, context }) => ({
        status: 200,
        body: { alerts: await listAlerts(deps, ...(await gate(principal, path, context, 'alerts.read', 'alerts')), query) },
      }),
    }),
    defineRoute({
      method: 'POST',
      url: `${prefix}/:alertId/acknowledge`,
      summary: `Acknowledge an alert; the first acknowledgement is kept (${who}).`,
      tag,
      auth: 'bearer',
      params: params({ alertId: idOf('alert') }),
      response: { status: 200, schema: alertSchema },
      handler: async ({ principal, params: path, context }) => ({
        status: 200,
        body: await acknowledgeAlert(deps, ...(await gate(principal, path, context, 'alerts.changed', 'acknowledge')), path.alertId),
      }),
    }),
    defineRoute({
      method: 'POST',
      url: `${prefix}/webhooks`,
      summary: `Add a signed webhook (https; http only to loopback). The signing secret is returned this once (${who}).`,
      tag,
      auth: 'bearer',
      params: params({}),
      body: z.object({ url: z.string().max(2048) }).strict(),
      response: { status: 201, schema: webhookSchema.extend({ secret: z.string() }) },
      handler: async ({ principal, params: path, body, context }) => ({
        status: 201,
        body: await createWebhook(deps, ...(await gate(principal, path, context, 'alerts.changed', 'webhook-added')), body),
      }),
    }),
    defineRoute({
      method: 'GET',
      url: `${prefix}/webhooks`,
      summary: `List webhooks, without their secrets (${who}).`,
      tag,
      auth: 'bearer',
      params: params({}),
      response: { status: 200, schema: z.object({ webhooks: z.array(webhookSchema) }) },
      handler: async ({ principal, params: path, context }) => ({
        status: 200,
        body: { webhooks: await listWebhooks(deps, ...(await gate(principal, path, context, 'alerts.read', 'webhooks'))) },
      }),
    }),
    defineRoute({
      method: 'POST',
      url: `${prefix}/webhooks/:webhookId/delete`,
      summary: `Remove a webhook; its pending deliveries are dropped (${who}).`,
      tag,
      auth: 'bearer',
      params: params({ webhookId: destinationIdOf('webhook') }),
      response: { status: 200, schema: z.object({ id: z.string() }) },
      handler: async ({ principal, params: path, context }) => {
        await removeWebhook(deps, ...(await gate(principal, path, context, 'alerts.changed', 'webhook-removed')), path.webhookId);
        return { status: 200, body: { id: path.webhookId } };
      },
    }),
    defineRoute({
      method: 'POST',
      url: `${prefix}/email-recipients`,
      summary: `Add an e-mail recipient (${who}).`,
      tag,
      auth: 'bearer',
      params: params({}),
      body: z.object({ email: emailSchema }).strict(),
      response: { status: 201, schema: recipientSchema },
      handler: async ({ principal, params: path, body, context }) => ({
        status: 201,
        body: await addEmailRecipient(deps, ...(await gate(principal, path, context, 'alerts.changed', 'recipient-added')), body),
      }),
    }),
    defineRoute({
      method: 'GET',
      url: `${prefix}/email-recipients`,
      summary: `List e-mail recipients (${who}).`,
      tag,
      auth: 'bearer',
      params: params({}),
      response: { status: 200, schema: z.object({ recipients: z.array(recipientSchema) }) },
      handler: async ({ principal, params: path, context }) => ({
        status: 200,
        body: { recipients: await listEmailRecipients(deps, ...(await gate(principal, path, context, 'alerts.read', 'recipients'))) },
      }),
    }),
    defineRoute({
      method: 'POST',
      url: `${prefix}/email-recipients/:recipientId/delete`,
      summary: `Remove an e-mail recipient; its pending deliveries are dropped (${who}).`,
      tag,
      auth: 'bearer',
      params: params({ recipientId: destinationIdOf('email') }),
      response: { status: 200, schema: z.object({ id: z.string() }) },
      handler: async ({ principal, params: path, context }) => {
        await removeEmailRecipient(deps, ...(await gate(principal, path, context, 'alerts.changed', 'recipient-removed')), path.recipientId);
        return { status: 200, body: { id: path.recipientId } };
      },
    }),
  ];
}
