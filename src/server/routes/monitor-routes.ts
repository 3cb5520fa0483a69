import type { Kysely } from 'kysely';
import { z } from 'zod';
import { recordAccessEvent } from '../../access/index.js';
import { canManageAlerts } from '../../alerts/index.js';
import { OPERATOR_LOG, type AuditLog } from '../../audit/index.js';
import type { Clock } from '../../common/index.js';
import { SealdeskError } from '../../errors/index.js';
import { loadMonitorSettings, monitorSettingsSchema, saveMonitorSettings } from '../../monitors/index.js';
import { findTenant, type Database } from '../../store/index.js';
import { defineRoute, type RouteDefinition } from '../route.js';
import { idOf } from '../schemas.js';
import { requirePrincipal } from './require-principal.js';

export interface MonitorRouteDeps {
  readonly db: Kysely<Database>;
  readonly audit: AuditLog;
  readonly clock: Clock;
}

interface MonitorScope {
  readonly prefix: string;
  readonly tag: string;
  readonly params: z.ZodType<{ tenantId?: string }>;
  logId(params: { tenantId?: string }): string;
}

const scopes: MonitorScope[] = [
  { prefix: '/v1/tenants/:tenantId/monitors', tag: 'alerts', params: z.object({ tenantId: idOf('tenant') }).strict(), logId: (p) => p.tenantId! },
  { prefix: '/v1/operator/monitors', tag: 'operator', params: z.object({}).strict(), logId: () => OPERATOR_LOG },
];

/** Read and change the monitor rules of a tenant's log or the operator's (who may manage alerts may). */
export function monitorRoutes(deps: MonitorRouteDeps): RouteDefinition[] {
  return scopes.flatMap((scope) => {
    const authorise = async (principal: Parameters<typeof requirePrincipal>[0], params: { tenantId?: string }) => {
      const caller = requirePrincipal(principal);
      const logId = scope.logId(params);
      if (logId !== OPERATOR_LOG && !(await findTenant(deps.db, logId))) throw new SealdeskError('not_found');
      const decision = canManageAlerts(caller, logId);
      if (!decision.allow) throw new SealdeskError(decision.rule === 'other-tenant' ? 'not_found' : 'access_denied');
      return { caller, logId };
    };
    return [
      defineRoute({
        method: 'GET',
        url: scope.prefix,
        summary: 'The monitor rules that raise alerts from this audit log.',
        tag: scope.tag,
        auth: 'bearer',
        params: scope.params,
        response: { status: 200, schema: monitorSettingsSchema },
        handler: async ({ principal, params }) => {
          const { logId } = await authorise(principal, params);
          return { status: 200, body: await loadMonitorSettings(deps.db, logId) };
        },
      }),
      defineRoute({
        method: 'POST',
        url: scope.prefix,
        summary: 'Replace the monitor rules (volume, working hours, denial bursts, bulk export).',
        tag: scope.tag,
        auth: 'bearer',
        params: scope.params,
        body: monitorSettingsSchema,
        response: { status: 200, schema: monitorSettingsSchema },
        handler: async ({ principal, params, body, context }) => {
          const { caller, logId } = await authorise(principal, params);
          await recordAccessEvent(deps, caller, context, {
            action: 'monitors.changed',
            tenantId: logId === OPERATOR_LOG ? null : logId,
            outcome: 'allowed',
            rule: 'alert-manager',
          });
          await saveMonitorSettings(deps.db, logId, body, deps.clock.now());
          return { status: 200, body };
        },
      }),
    ];
  });
}
