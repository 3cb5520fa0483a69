import { z } from 'zod';
import { HARD_MAX_GRANT_MINUTES, requestExport, type AccessDeps } from '../../access/index.js';
import { breakGlassAlerts } from '../../alerts/index.js';
import { exportEvaluationDataset, type DatasetDeps } from '../../conversations/index.js';
import { createPatternRedactor, getTrainingConsent, setTrainingConsent } from '../../privacy/index.js';
import { defineRoute, type RouteDefinition } from '../route.js';
import { idOf, purposeSchema, ticketSchema } from '../schemas.js';
import { requirePrincipal } from './require-principal.js';

const tenantParams = z.object({ tenantId: idOf('tenant') }).strict();
const requestParams = z.object({ requestId: idOf('accessRequest') }).strict();
const trainingSchema = z.object({ optedIn: z.boolean(), ticket: z.string().nullable(), updatedAt: z.string().nullable(), updatedBy: z.string().nullable() });

/** The header that says how many conversations a dataset export holds. */
export const DATASET_COUNT_HEADER = 'x-sealdesk-conversation-count';

/** The training opt-out of a tenant, and evaluation dataset exports (only while it is opted in). */
export function trainingRoutes(deps: DatasetDeps): RouteDefinition[] {
  const access: AccessDeps = { ...deps, breakGlassNotifier: breakGlassAlerts(deps), redactor: deps.redactor ?? createPatternRedactor };
  const base = '/v1/tenants/:tenantId/privacy/training';
  return [
    defineRoute({
      method: 'GET',
      url: base,
      summary: 'Whether the tenant has opted in to training and evaluation use of its conversations (default: opted out) (owner, admin, security officer, auditor).',
      tag: 'privacy',
      auth: 'bearer',
      params: tenantParams,
      response: { status: 200, schema: trainingSchema },
      handler: async ({ principal, params, context }) => ({ status: 200, body: await getTrainingConsent(deps, requirePrincipal(principal), context, params.tenantId) }),
    }),
    defineRoute({
      method: 'PUT',
      url: base,
      summary:
        'Opt the tenant in to, or out of, training and evaluation use of its conversations (owner only). Opting out revokes pending and approved evaluation dataset exports at once.',
      tag: 'privacy',
      auth: 'bearer',
      params: tenantParams,
      body: z.object({ optedIn: z.boolean(), ticket: ticketSchema }).strict(),
      response: { status: 200, schema: trainingSchema.extend({ revokedExports: z.number() }) },
      handler: async ({ principal, params, body, context }) => ({
        status: 200,
        body: await setTrainingConsent(deps, requirePrincipal(principal), context, params.tenantId, body),
      }),
    }),
    defineRoute({
      method: 'POST',
      url: `${base}/exports`,
      summary:
        "Ask to export the tenant's conversations as a pseudonymised evaluation dataset (owner, admin; only while the tenant is opted in: training_opted_out otherwise); needs dual-control approval, then runs once.",
      tag: 'privacy',
      auth: 'bearer',
      params: tenantParams,
      body: z.object({ purpose: purposeSchema, ticket: ticketSchema, durationMinutes: z.int().min(1).max(HARD_MAX_GRANT_MINUTES) }).strict(),
      response: { status: 201, schema: z.object({ id: z.string(), status: z.literal('pending'), pendingUntil: z.string() }) },
      handler: async ({ principal, params, body, context }) => ({
        status: 201,
        body: await requestExport(access, requirePrincipal(principal), context, params.tenantId, body, 'dataset-export'),
      }),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/access-requests/:requestId/dataset-export',
      summary:
        `Run an approved evaluation dataset export (its requester, once, while the tenant is opted in): JSON lines (application/x-ndjson), one conversation a line, pseudonymised text only; ${DATASET_COUNT_HEADER} says how many.`,
      tag: 'privacy',
      auth: 'bearer',
      params: requestParams,
      response: { status: 200 },
      handler: async ({ principal, params, context }) => {
        const dataset = await exportEvaluationDataset(deps, requirePrincipal(principal), context, params.requestId);
        return {
          status: 200,
          contentType: 'application/x-ndjson; charset=utf-8',
          headers: { [DATASET_COUNT_HEADER]: String(dataset.conversationCount) },
          body: dataset.lines.map((line) => `${JSON.stringify(line)}\n`).join(''),
        };
      },
    }),
  ];
}
